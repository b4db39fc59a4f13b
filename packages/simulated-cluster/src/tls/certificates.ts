import {
  createPrivateKey,
  generateKeyPairSync,
  KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

/**
 * A certificate and its private key, both PEM.
 * @public
 */
export interface GeneratedCertificate {
  certPem: string;
  keyPem: string;
}

/**
 * A self-signed certificate authority that can issue leaf certificates.
 * @public
 */
export interface CertificateAuthority extends GeneratedCertificate {
  commonName: string;
}

/** The subject and issuer of the certificate ingress-nginx serves by default. @public */
export const INGRESS_FAKE_CERTIFICATE_SUBJECT = {
  commonName: 'Kubernetes Ingress Controller Fake Certificate',
  organization: 'Acme Co',
  dnsName: 'ingress.local',
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

type AltName =
  | { type: 2; value: string }
  | { type: 6; value: string }
  | { type: 7; ip: string };

interface CertificateSpec {
  subject: forge.pki.CertificateField[];
  altNames: AltName[];
  isCa: boolean;
  validDays: number;
  publicKey: forge.pki.PublicKey;
  issuer?: { cert: forge.pki.Certificate; key: KeyObject };
  /** Signs with this key when there is no issuer (self-signed). */
  selfSignKey?: KeyObject;
}

function newKeyPair(): {
  privateKey: KeyObject;
  publicKey: forge.pki.PublicKey;
  keyPem: string;
} {
  // Keys and signatures come from node:crypto; node-forge only lays out the
  // certificate (its pure-JS RSA is slow, very slow inside test sandboxes).
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  return {
    privateKey,
    publicKey: forge.pki.publicKeyFromPem(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ),
    keyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f; // positive
  return bytes.toString('hex');
}

/** Present in node-forge, missing from its type definitions. */
const pkiInternals = forge.pki as unknown as {
  getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
};

function buildCertificate(spec: CertificateSpec): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = spec.publicKey;
  cert.serialNumber = serialNumber();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + spec.validDays * DAY_MS);
  cert.setSubject(spec.subject);
  cert.setIssuer(
    spec.issuer ? spec.issuer.cert.subject.attributes : spec.subject,
  );
  const extensions: object[] = [
    { name: 'basicConstraints', cA: spec.isCa, critical: true },
    spec.isCa
      ? {
          name: 'keyUsage',
          keyCertSign: true,
          cRLSign: true,
          digitalSignature: true,
          critical: true,
        }
      : {
          name: 'keyUsage',
          digitalSignature: true,
          keyEncipherment: true,
          keyAgreement: true,
          critical: true,
        },
    { name: 'subjectKeyIdentifier' },
  ];
  if (!spec.isCa) {
    extensions.push({
      name: 'extKeyUsage',
      serverAuth: true,
      clientAuth: true,
    });
  }
  if (spec.issuer) {
    extensions.push({
      name: 'authorityKeyIdentifier',
      keyIdentifier: spec.issuer.cert.generateSubjectKeyIdentifier().getBytes(),
    });
  }
  if (spec.altNames.length > 0) {
    // An SVID with an empty subject must mark the SAN critical.
    extensions.push({
      name: 'subjectAltName',
      altNames: spec.altNames,
      critical: spec.subject.length === 0,
    });
  }
  cert.setExtensions(extensions);
  const signingKey = spec.issuer?.key ?? spec.selfSignKey;
  if (!signingKey) {
    throw new Error('a certificate needs an issuer or a self-signing key');
  }
  cert.signatureOid = forge.pki.oids.sha256WithRSAEncryption;
  cert.siginfo.algorithmOid = cert.signatureOid;
  cert.tbsCertificate = pkiInternals.getTBSCertificate(cert);
  const tbs = Buffer.from(
    forge.asn1.toDer(cert.tbsCertificate).getBytes(),
    'binary',
  );
  cert.signature = sign('sha256', tbs, signingKey).toString('binary');
  return cert;
}

function dnsOrIpAltName(name: string): AltName {
  return isIP(name) ? { type: 7, ip: name } : { type: 2, value: name };
}

function parseAuthority(ca: CertificateAuthority) {
  return {
    cert: forge.pki.certificateFromPem(ca.certPem),
    key: createPrivateKey(ca.keyPem),
  };
}

/**
 * Creates a self-signed CA (RSA 2048, SHA-256, valid one year).
 * @public
 */
export function createCertificateAuthority(
  commonName: string,
): CertificateAuthority {
  const keys = newKeyPair();
  const cert = buildCertificate({
    subject: [{ shortName: 'CN', value: commonName }],
    altNames: [],
    isCa: true,
    validDays: 365,
    publicKey: keys.publicKey,
    selfSignKey: keys.privateKey,
  });
  return {
    certPem: forge.pki.certificateToPem(cert),
    keyPem: keys.keyPem,
    commonName,
  };
}

/**
 * Issues an X.509-SVID as SPIRE does for the Directory apiserver: exactly one
 * URI SAN `spiffe://<trustDomain><path>` (default path
 * `/ns/dir/sa/apiserver`), the DNS names from `dnsNameTemplates`, subject
 * `C=US, O=SPIRE, CN=<first DNS name>`.
 * @public
 */
export function issueSvid(
  ca: CertificateAuthority,
  options: { trustDomain: string; path?: string; dnsNames?: string[] },
): GeneratedCertificate {
  const dnsNames = options.dnsNames ?? [];
  const keys = newKeyPair();
  const subject: forge.pki.CertificateField[] = [
    { shortName: 'C', value: 'US' },
    { shortName: 'O', value: 'SPIRE' },
  ];
  if (dnsNames.length > 0) {
    subject.push({ shortName: 'CN', value: dnsNames[0] });
  }
  const cert = buildCertificate({
    subject,
    altNames: [
      {
        type: 6,
        value: `spiffe://${options.trustDomain}${
          options.path ?? '/ns/dir/sa/apiserver'
        }`,
      },
      ...dnsNames.map(dnsOrIpAltName),
    ],
    isCa: false,
    validDays: 1,
    publicKey: keys.publicKey,
    issuer: parseAuthority(ca),
  });
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}

/**
 * Issues an ordinary TLS server certificate: DNS (or IP) SANs and no URI SAN
 * unless `uris` are given (two URIs make an invalid SVID).
 * @public
 */
export function issueServerCertificate(
  ca: CertificateAuthority,
  options: { dnsNames: string[]; commonName?: string; uris?: string[] },
): GeneratedCertificate {
  const keys = newKeyPair();
  const commonName = options.commonName ?? options.dnsNames[0];
  const cert = buildCertificate({
    subject: commonName ? [{ shortName: 'CN', value: commonName }] : [],
    altNames: [
      ...options.dnsNames.map(dnsOrIpAltName),
      ...(options.uris ?? []).map(value => ({ type: 6 as const, value })),
    ],
    isCa: false,
    validDays: 90,
    publicKey: keys.publicKey,
    issuer: parseAuthority(ca),
  });
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}

/**
 * The self-signed certificate ingress-nginx serves when an Ingress has no
 * usable TLS secret, or when SSL passthrough is not active: subject and issuer
 * `O=Acme Co, CN=Kubernetes Ingress Controller Fake Certificate`, DNS SAN
 * `ingress.local`.
 * @public
 */
export function issueIngressFakeCertificate(): GeneratedCertificate {
  const keys = newKeyPair();
  const cert = buildCertificate({
    subject: [
      { shortName: 'O', value: INGRESS_FAKE_CERTIFICATE_SUBJECT.organization },
      { shortName: 'CN', value: INGRESS_FAKE_CERTIFICATE_SUBJECT.commonName },
    ],
    altNames: [{ type: 2, value: INGRESS_FAKE_CERTIFICATE_SUBJECT.dnsName }],
    isCa: false,
    validDays: 365,
    publicKey: keys.publicKey,
    selfSignKey: keys.privateKey,
  });
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}
