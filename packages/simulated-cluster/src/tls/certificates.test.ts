import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import {
  createCertificateAuthority,
  issueIngressFakeCertificate,
  issueServerCertificate,
  issueSvid,
  GeneratedCertificate,
} from './certificates';
import { startTlsEndpoint, TlsEndpoint } from './startTlsEndpoint';

interface Handshake {
  cert: X509Certificate;
  alpn: string | false | null;
  error?: string;
}

/** Connects like a passthrough probe and returns what the server presented. */
function probe(endpoint: TlsEndpoint, servername: string): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    let result: Handshake | undefined;
    const socket = tls.connect({
      host: endpoint.host,
      port: endpoint.port,
      servername,
      ALPNProtocols: ['h2'],
      minVersion: 'TLSv1.3',
      rejectUnauthorized: false,
    });
    socket.on('secureConnect', () => {
      result = {
        cert: socket.getPeerX509Certificate()!,
        alpn: socket.alpnProtocol,
      };
    });
    socket.on('error', error => {
      if (result) {
        result.error = (error as NodeJS.ErrnoException).code ?? error.message;
      } else {
        reject(error);
      }
    });
    socket.on('close', () =>
      result ? resolve(result) : reject(new Error('closed before handshake')),
    );
  });
}

describe('certificates served over TLS', () => {
  const ca = createCertificateAuthority('acme.com SPIRE CA');
  const endpoints: TlsEndpoint[] = [];

  async function serve(
    certificate: GeneratedCertificate,
    requestClientCert = false,
  ) {
    const endpoint = await startTlsEndpoint({ certificate, requestClientCert });
    endpoints.push(endpoint);
    return endpoint;
  }

  afterAll(async () => {
    await Promise.all(endpoints.map(e => e.close()));
  });

  it('serves an SVID and fails the handshake without a client certificate, after the server certificate is seen', async () => {
    const svid = issueSvid(ca, {
      trustDomain: 'acme.com',
      dnsNames: ['api.acme.com'],
    });
    const result = await probe(await serve(svid, true), 'api.acme.com');

    expect(result.cert.subjectAltName).toBe(
      'URI:spiffe://acme.com/ns/dir/sa/apiserver, DNS:api.acme.com',
    );
    expect(result.cert.subject).toBe('C=US\nO=SPIRE\nCN=api.acme.com');
    expect(result.cert.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(result.cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(
      true,
    );
    expect(result.cert.ca).toBe(false);
    expect(result.alpn).toBe('h2');
    expect(result.error).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
  });

  it('serves the ingress-nginx fake certificate', async () => {
    const result = await probe(
      await serve(issueIngressFakeCertificate()),
      'api.acme.com',
    );

    expect(result.cert.subject).toBe(
      'O=Acme Co\nCN=Kubernetes Ingress Controller Fake Certificate',
    );
    expect(result.cert.issuer).toBe(result.cert.subject);
    expect(result.cert.subjectAltName).toBe('DNS:ingress.local');
    expect(result.cert.checkHost('api.acme.com')).toBeUndefined();
    expect(result.error).toBeUndefined();
  });

  it('serves an SVID of another trust domain', async () => {
    const svid = issueSvid(ca, {
      trustDomain: 'globex.io',
      path: '/ns/dir/sa/default',
      dnsNames: ['api.acme.com'],
    });
    const result = await probe(await serve(svid, true), 'api.acme.com');

    expect(result.cert.subjectAltName).toBe(
      'URI:spiffe://globex.io/ns/dir/sa/default, DNS:api.acme.com',
    );
  });

  it('serves a certificate with no URI SAN, and one with two', async () => {
    const plain = await probe(
      await serve(issueServerCertificate(ca, { dnsNames: ['api.acme.com'] })),
      'api.acme.com',
    );
    const twoUris = await probe(
      await serve(
        issueServerCertificate(ca, {
          dnsNames: ['api.acme.com'],
          uris: ['spiffe://acme.com/a', 'spiffe://acme.com/b'],
        }),
      ),
      'api.acme.com',
    );

    expect(plain.cert.subjectAltName).toBe('DNS:api.acme.com');
    expect(plain.cert.subject).toBe('CN=api.acme.com');
    expect(twoUris.cert.subjectAltName).toBe(
      'DNS:api.acme.com, URI:spiffe://acme.com/a, URI:spiffe://acme.com/b',
    );
  });

  it('serves a certificate from a "public" CA that a client can verify with that CA', async () => {
    const publicCa = createCertificateAuthority('R11');
    const endpoint = await serve(
      issueServerCertificate(publicCa, { dnsNames: ['api.acme.com'] }),
    );

    const authorized = await new Promise<boolean>((resolve, reject) => {
      const socket = tls.connect(
        {
          host: endpoint.host,
          port: endpoint.port,
          servername: 'api.acme.com',
          ca: publicCa.certPem,
        },
        () => {
          resolve(socket.authorized);
          socket.destroy();
        },
      );
      socket.on('error', reject);
    });

    expect(authorized).toBe(true);
  });

  it('issues certificates for IP addresses', () => {
    const cert = new X509Certificate(
      issueServerCertificate(ca, {
        dnsNames: ['127.0.0.1', 'localhost'],
      }).certPem,
    );
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
  });
});
