import {
  CertificateAuthority,
  createCertificateAuthority,
  issueIngressFakeCertificate,
  issueServerCertificate,
  issueSvid,
  startTlsEndpoint,
  TlsEndpoint,
} from '@directory-ops/simulated-cluster';
import { FakeKubernetesApi } from '@directory-ops/simulated-cluster';
import net from 'node:net';
import tls from 'node:tls';
import {
  testCheckContext,
  TestCheckContextOptions,
  TRUST_DOMAIN,
} from '../__testUtils__/cluster';
import { tlsPassthroughCheck } from './tlsPassthrough';

jest.setTimeout(60_000);

const HOST = 'api.acme.com';

describe('tls-passthrough check', () => {
  let api: FakeKubernetesApi;
  let spire: CertificateAuthority;
  let publicCa: CertificateAuthority;
  const endpoints: TlsEndpoint[] = [];

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    spire = createCertificateAuthority('SPIRE');
    publicCa = createCertificateAuthority('Fake Public Root R1');
  });
  afterAll(async () => {
    await Promise.all(endpoints.map(e => e.close()));
    await api.close();
  });

  async function probe(
    certificate: Parameters<typeof startTlsEndpoint>[0]['certificate'],
    options: {
      requestClientCert?: boolean;
      context?: TestCheckContextOptions;
    } = {},
  ) {
    const endpoint = await startTlsEndpoint({
      certificate,
      requestClientCert: options.requestClientCert,
    });
    endpoints.push(endpoint);
    const context = testCheckContext(api, {
      probe: {
        allowedDomains: ['acme.com'],
        resolve: [
          {
            host: HOST,
            port: 443,
            address: endpoint.host,
            addressPort: endpoint.port,
          },
        ],
        timeoutMs: 2000,
        publicTrustStore: [publicCa.certPem],
      },
      ...options.context,
    });
    return tlsPassthroughCheck.run(context);
  }

  it('is ok for the apiserver SVID', async () => {
    const verdict = await probe(
      issueSvid(spire, { trustDomain: TRUST_DOMAIN, dnsNames: [HOST] }),
    );
    expect(verdict).toMatchObject({
      status: 'ok',
      details: {
        uriSans: [`spiffe://${TRUST_DOMAIN}/ns/dir/sa/apiserver`],
        clientCertificateDemanded: false,
      },
    });
  });

  it('reads the SVID of an apiserver that demands a client certificate', async () => {
    const verdict = await probe(
      issueSvid(spire, { trustDomain: TRUST_DOMAIN, dnsNames: [HOST] }),
      {
        requestClientCert: true,
      },
    );
    expect(verdict).toMatchObject({ status: 'ok' });
  });

  it('is an error for the NGINX fake certificate', async () => {
    const verdict = await probe(issueIngressFakeCertificate());
    expect(verdict).toMatchObject({
      status: 'error',
      summary: expect.stringContaining(
        'certificate is valid for ingress.local',
      ),
    });
    expect(verdict?.remediation).toContain('--enable-ssl-passthrough');
    expect(verdict?.remediation).toContain('secretName');
    expect(verdict?.remediation).toContain('load balancer');
  });

  it('is an error for a certificate with no URI SAN', async () => {
    const verdict = await probe(
      issueServerCertificate(spire, { dnsNames: [HOST] }),
    );
    expect(verdict).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('certificate contains no URI SAN'),
    });
    expect(verdict?.remediation).toContain('useCSIDriver');
  });

  it('is an error for an SVID of another trust domain', async () => {
    const verdict = await probe(
      issueSvid(spire, { trustDomain: 'other.example.net', dnsNames: [HOST] }),
    );
    expect(verdict).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('not in trust domain dir.acme.com'),
    });
  });

  it('is an error for two URI SANs', async () => {
    const verdict = await probe(
      issueServerCertificate(spire, {
        dnsNames: [HOST],
        uris: [`spiffe://${TRUST_DOMAIN}/a`, `spiffe://${TRUST_DOMAIN}/b`],
      }),
    );
    expect(verdict).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('2 URI SANs'),
    });
  });

  it('is an error for a publicly trusted certificate (the ingress terminates TLS)', async () => {
    const verdict = await probe(
      issueServerCertificate(publicCa, { dnsNames: [HOST] }),
    );
    expect(verdict).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('publicly trusted'),
    });
    expect(verdict?.remediation).toContain('--enable-ssl-passthrough');
  });

  it('calls a certificate public only if it chains to the trust store', async () => {
    const endpoint = await startTlsEndpoint({
      certificate: issueServerCertificate(publicCa, { dnsNames: [HOST] }),
    });
    endpoints.push(endpoint);
    const verdict = await tlsPassthroughCheck.run(
      testCheckContext(api, {
        probe: {
          allowedDomains: ['acme.com'],
          resolve: [
            {
              host: HOST,
              port: 443,
              address: endpoint.host,
              addressPort: endpoint.port,
            },
          ],
          timeoutMs: 2000,
          publicTrustStore: [spire.certPem],
        },
      }),
    );
    expect(verdict).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('no URI SAN'),
    });
  });

  it('reads the certificate of a TLS 1.2 server that rejects the handshake for want of a client certificate', async () => {
    const svid = issueSvid(spire, {
      trustDomain: TRUST_DOMAIN,
      dnsNames: [HOST],
    });
    const server = tls.createServer({
      cert: svid.certPem,
      key: svid.keyPem,
      maxVersion: 'TLSv1.2',
      requestCert: true,
      rejectUnauthorized: true,
      ca: [spire.certPem],
    });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const verdict = await tlsPassthroughCheck.run(
      testCheckContext(api, {
        probe: {
          allowedDomains: ['acme.com'],
          resolve: [
            { host: HOST, port: 443, address: '127.0.0.1', addressPort: port },
          ],
          timeoutMs: 2000,
          publicTrustStore: [],
        },
      }),
    );
    await new Promise(resolve => server.close(resolve));
    expect(verdict).toMatchObject({
      status: 'ok',
      details: { clientCertificateDemanded: true },
    });
  });

  it('is unknown when the connection is refused', async () => {
    const server = net.createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise(resolve => server.close(resolve));
    const verdict = await tlsPassthroughCheck.run(
      testCheckContext(api, {
        probe: {
          allowedDomains: ['acme.com'],
          resolve: [
            { host: HOST, port: 443, address: '127.0.0.1', addressPort: port },
          ],
          timeoutMs: 2000,
          publicTrustStore: [],
        },
      }),
    );
    expect(verdict).toMatchObject({
      status: 'unknown',
      summary: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('is unknown when the server never answers the handshake', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer(socket => sockets.push(socket));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const verdict = await tlsPassthroughCheck.run(
      testCheckContext(api, {
        probe: {
          allowedDomains: ['acme.com'],
          resolve: [
            { host: HOST, port: 443, address: '127.0.0.1', addressPort: port },
          ],
          timeoutMs: 300,
          publicTrustStore: [],
        },
      }),
    );
    sockets.forEach(s => s.destroy());
    await new Promise(resolve => server.close(resolve));
    expect(verdict).toMatchObject({
      status: 'unknown',
      summary: expect.stringContaining('timeout'),
    });
  });

  it('does not probe hosts outside directory.probe.allowedDomains', async () => {
    const verdict = await tlsPassthroughCheck.run(
      testCheckContext(api, {
        probe: {
          allowedDomains: ['example.org'],
          resolve: [],
          timeoutMs: 2000,
          publicTrustStore: [],
        },
      }),
    );
    expect(verdict).toMatchObject({
      status: 'unknown',
      summary: expect.stringContaining(
        'not under directory.probe.allowedDomains',
      ),
    });
  });

  it('never puts the certificate itself in the details', async () => {
    const svid = issueSvid(spire, {
      trustDomain: TRUST_DOMAIN,
      dnsNames: [HOST],
    });
    const verdict = await probe(svid);
    const body = JSON.stringify(verdict);
    expect(body).not.toContain('BEGIN CERTIFICATE');
    expect(body).not.toContain(svid.certPem.split('\n')[1]);
  });
});
