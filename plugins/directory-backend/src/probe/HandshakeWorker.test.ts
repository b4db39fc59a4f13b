import { X509Certificate } from 'node:crypto';
import {
  createCertificateAuthority,
  issueServerCertificate,
  startTlsEndpoint,
  TlsEndpoint,
} from '@directory-ops/simulated-cluster';
import { createServer, Server, Socket } from 'node:net';
import { HandshakeWorker } from './HandshakeWorker';

describe('HandshakeWorker', () => {
  const endpoints: TlsEndpoint[] = [];
  const workers: HandshakeWorker[] = [];
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterAll(() =>
    Promise.all([
      ...endpoints.map(e => e.close()),
      ...workers.map(w => w.close()),
      ...servers.map(s => new Promise(resolve => s.close(resolve))),
      ...sockets.map(s => s.destroy()),
    ]),
  );

  function worker(): HandshakeWorker {
    const created = new HandshakeWorker();
    workers.push(created);
    return created;
  }

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

    const peer = await worker().handshake(
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

  it('fails with the reason when the server closes before the handshake', async () => {
    const server = createServer(socket => socket.destroy());
    servers.push(server);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };

    await expect(
      worker().handshake(
        {
          host: 'api.dir.acme.com',
          port: 443,
          address: '127.0.0.1',
          addressPort: port,
        },
        2_000,
      ),
    ).rejects.toThrow(
      /closed before the TLS handshake|socket disconnected|ECONNRESET/,
    );
  });

  it('times out a server that never answers the handshake', async () => {
    const server = createServer(socket => sockets.push(socket));
    servers.push(server);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };

    await expect(
      worker().handshake(
        {
          host: 'api.dir.acme.com',
          port: 443,
          address: '127.0.0.1',
          addressPort: port,
        },
        300,
      ),
    ).rejects.toThrow('timeout: no TLS handshake within 300 ms');
  });

  it('fails pending handshakes when closed, and starts a new worker after', async () => {
    const server = createServer(socket => sockets.push(socket));
    servers.push(server);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const handshakes = worker();
    const target = {
      host: 'api.dir.acme.com',
      port: 443,
      address: '127.0.0.1',
      addressPort: port,
    };

    const pending = handshakes.handshake(target, 10_000);
    await handshakes.close();
    await expect(pending).rejects.toThrow('the TLS probe was stopped');
    await expect(handshakes.handshake(target, 200)).rejects.toThrow(
      'timeout: no TLS handshake within 200 ms',
    );
  });
});
