import { toError } from '@backstage/errors';
import {
  commonName,
  isIngressFakeCertificate,
  subjectAltNames,
} from '../probe/certificates';
import type { DirectoryCheck } from '@directory-ops/plugin-directory-node';

const API_PORT = 443;

function passthroughRemediation(host: string): string {
  return (
    `Verify that the ingress controller runs with --enable-ssl-passthrough, that the API Ingress has ` +
    `nginx.ingress.kubernetes.io/ssl-passthrough: "true" and a tls block with no secretName, and that DNS ` +
    `for ${host} points at the right load balancer.`
  );
}

/**
 * `tls-passthrough`: the API host must pass TLS through to the apiserver,
 * which presents its X509-SVID (exactly one URI SAN in the trust domain).
 */
export const tlsPassthroughCheck: DirectoryCheck = {
  id: 'tls-passthrough',
  title: 'API TLS passthrough',
  async run({ instance, tls, now }) {
    const host = instance.hosts.api;
    if (!tls.isAllowed(host)) {
      return {
        status: 'unknown',
        summary: `${host} is not under directory.probe.allowedDomains, so it was not probed`,
        remediation: `Add ${instance.baseDomain} (or a parent domain) to directory.probe.allowedDomains.`,
        details: { host },
      };
    }
    let peer;
    try {
      peer = await tls.handshake(host, API_PORT);
    } catch (error) {
      return {
        status: 'unknown',
        summary: `Could not complete a TLS handshake with ${host}:${API_PORT}: ${
          toError(error).message
        }`,
        details: { host },
      };
    }

    const { certificate } = peer;
    const sans = subjectAltNames(certificate);
    const details = {
      host,
      address: peer.address,
      subject: certificate.subject,
      issuer: certificate.issuer,
      dnsNames: sans.dns,
      uriSans: sans.uri,
      validTo: new Date(certificate.validTo).toISOString(),
      fingerprint256: certificate.fingerprint256,
      clientCertificateDemanded: !peer.handshakeCompleted,
      alpnProtocol: peer.alpnProtocol,
    };

    if (isIngressFakeCertificate(certificate)) {
      return {
        status: 'error',
        summary: `certificate is valid for ingress.local: ${host} serves the NGINX fake certificate, so SSL passthrough is not active`,
        remediation: passthroughRemediation(host),
        details,
      };
    }
    if (tls.isPubliclyTrusted(peer, host, now)) {
      return {
        status: 'error',
        summary: `${host} presents a publicly trusted certificate (issuer ${
          commonName(certificate.issuer) ?? certificate.issuer
        }): the ingress terminates TLS instead of passing it through to the apiserver`,
        remediation: passthroughRemediation(host),
        details,
      };
    }
    if (sans.uri.length === 0) {
      return {
        status: 'error',
        summary: `certificate contains no URI SAN: ${host} presents a certificate without a SPIFFE ID, so the workload got no SVID`,
        remediation:
          'Set spire.useCSIDriver: true and check that the SPIRE entry for the apiserver is synced (the ClusterSPIFFEID className matches the SPIRE controller manager), then restart the apiserver.',
        details,
      };
    }
    if (sans.uri.length > 1) {
      return {
        status: 'error',
        summary: `${host} presents a certificate with ${sans.uri.length} URI SANs; an X509-SVID has exactly one`,
        remediation:
          'Check that only SPIRE issues the apiserver certificate and that DNS points at this instance.',
        details,
      };
    }
    const prefix = `spiffe://${instance.trustDomain}/`;
    if (!sans.uri[0].toLowerCase().startsWith(prefix)) {
      return {
        status: 'error',
        summary: `${host} presents ${sans.uri[0]}, which is not in trust domain ${instance.trustDomain}`,
        remediation: `Check apiserver.spire.trustDomain, and that DNS for ${host} points at this instance's load balancer and not another Directory.`,
        details,
      };
    }
    return {
      status: 'ok',
      summary: `${host} passes TLS through to the apiserver, which presents ${sans.uri[0]}`,
      details,
    };
  },
};
