import { X509Certificate } from 'node:crypto';
import {
  createCertificateAuthority,
  issueServerCertificate,
  startTlsEndpoint,
  TlsEndpoint,
} from '@directory-ops/simulated-cluster';
import { readPeerCertificate } from './readPeerCertificate';

describe('readPeerCertificate', () => {
  const endpoints: TlsEndpoint[] = [];
  afterAll(() => Promise.all(endpoints.map(e => e.close())));

  it('reads the leaf and every certificate the server sends after it, in order', async () => {
    const root = createCertificateAuthority('Fake Public Root R1');
    const leaf = issueServerCertificate(root, {
      dnsNames: ['api.dir.acme.com'],
    });
    const endpoint = await startTlsEndpoint({
      certificate: leaf,
      chainPem: root.certPem,
    });
    endpoints.push(endpoint);

    const peer = await readPeerCertificate(
      {
        host: 'api.dir.acme.com',
        port: 443,
        address: endpoint.host,
        addressPort: endpoint.port,
      },
      2_000,
    );

    expect(peer.handshakeCompleted).toBe(true);
    expect(peer.alpnProtocol).toBe('h2');
    expect(peer.certificate.fingerprint256).toBe(
      new X509Certificate(leaf.certPem).fingerprint256,
    );
    expect(peer.intermediates.map(c => c.fingerprint256)).toEqual([
      new X509Certificate(root.certPem).fingerprint256,
    ]);
  });
});
