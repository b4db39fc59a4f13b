import { X509Certificate } from 'node:crypto';

/** The subject CN of the certificate ingress-nginx serves by default. */
const INGRESS_FAKE_CERTIFICATE_CN =
  'Kubernetes Ingress Controller Fake Certificate';
/** The DNS SAN of the ingress-nginx fake certificate. */
const INGRESS_FAKE_CERTIFICATE_DNS_NAME = 'ingress.local';

/** The subject alternative names of a certificate, by kind. */
export interface SubjectAltNames {
  dns: string[];
  uri: string[];
}

/** Reads DNS and URI SANs from Node's `subjectAltName` string. */
export function subjectAltNames(certificate: X509Certificate): SubjectAltNames {
  const names: SubjectAltNames = { dns: [], uri: [] };
  const pattern = /(?:^|, )([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)/g;
  for (const match of (certificate.subjectAltName ?? '').matchAll(pattern)) {
    const value = match[2].startsWith('"')
      ? (JSON.parse(match[2]) as string)
      : match[2];
    if (match[1] === 'DNS') {
      names.dns.push(value.toLowerCase());
    } else if (match[1] === 'URI') {
      names.uri.push(value);
    }
  }
  return names;
}

/** The value of the CN attribute of a distinguished name, if any. */
export function commonName(distinguishedName: string): string | undefined {
  return /^CN=(.*)$/m.exec(distinguishedName)?.[1];
}

/** Whether this is the NGINX ingress controller's fake certificate. */
export function isIngressFakeCertificate(
  certificate: X509Certificate,
): boolean {
  return (
    commonName(certificate.subject) === INGRESS_FAKE_CERTIFICATE_CN ||
    subjectAltNames(certificate).dns.includes(INGRESS_FAKE_CERTIFICATE_DNS_NAME)
  );
}

const parsedStores = new WeakMap<readonly string[], X509Certificate[]>();

function parseStore(pems: readonly string[]): X509Certificate[] {
  let parsed = parsedStores.get(pems);
  if (!parsed) {
    parsed = pems.flatMap(pem => {
      try {
        return [new X509Certificate(pem)];
      } catch {
        return [];
      }
    });
    parsedStores.set(pems, parsed);
  }
  return parsed;
}

function isValidAt(certificate: X509Certificate, now: Date): boolean {
  return (
    new Date(certificate.validFrom) <= now &&
    now <= new Date(certificate.validTo)
  );
}

function issues(issuer: X509Certificate, subject: X509Certificate): boolean {
  return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
}

/**
 * Whether a certificate is valid for a host and chains, through the
 * intermediates the server sent, to a root of the trust store (by default
 * Node's bundled public roots, `tls.rootCertificates`).
 */
export function isTrustedForHost(
  certificate: X509Certificate,
  intermediates: X509Certificate[],
  host: string,
  trustStore: readonly string[],
  now: Date,
): boolean {
  if (!certificate.checkHost(host)) {
    return false;
  }
  const roots = parseStore(trustStore);
  let current: X509Certificate | undefined = certificate;
  for (let depth = 0; current && depth <= intermediates.length; depth++) {
    const subject: X509Certificate = current;
    if (!isValidAt(subject, now)) {
      return false;
    }
    const root = roots.find(r => issues(r, subject));
    if (root) {
      return isValidAt(root, now);
    }
    current = intermediates.find(c => c !== subject && issues(c, subject));
  }
  return false;
}
