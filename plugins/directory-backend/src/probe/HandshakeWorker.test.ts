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

  /** A plain TCP server (no TLS) doing `onConnection`, as a probe target. */
  async function tcpTarget(onConnection: (socket: Socket) => void) {
    const server = createServer(onConnection);
    servers.push(server);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return {
      host: 'api.dir.acme.com',
      port: 443,
      address: '127.0.0.1',
      addressPort: port,
    };
  }

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

  it('hands over certificates that stay whole after the worker has stopped', async () => {
    const root = createCertificateAuthority('Fake Public Root R3');
    const leaf = issueServerCertificate(root, {
      dnsNames: ['api.dir.acme.com'],
      uris: ['spiffe://acme.com/ns/dir/sa/apiserver'],
    });
    const endpoint = await startTlsEndpoint({
      certificate: leaf,
      chainPem: root.certPem,
    });
    endpoints.push(endpoint);
    const handshakes = new HandshakeWorker();

    const peer = await handshakes.handshake(
      {
        host: 'api.dir.acme.com',
        port: 443,
        address: endpoint.host,
        addressPort: endpoint.port,
      },
      2_000,
    );
    await handshakes.close();

    const expected = new X509Certificate(leaf.certPem);
    expect(peer.certificate).toBeInstanceOf(X509Certificate);
    expect(peer.certificate.raw.equals(expected.raw)).toBe(true);
    expect(peer.certificate.subjectAltName).toBe(expected.subjectAltName);
    expect(peer.certificate.checkIssued(peer.intermediates[0])).toBe(true);
    expect(
      peer.certificate.verify(new X509Certificate(root.certPem).publicKey),
    ).toBe(true);
  });

  it('answers handshakes started together (sent as one batch) each with its own peer', async () => {
    const root = createCertificateAuthority('Fake Public Root R2');
    const started = await Promise.all(
      ['a', 'b'].map(async name => {
        const certificate = issueServerCertificate(root, {
          dnsNames: [`${name}.dir.acme.com`],
        });
        const endpoint = await startTlsEndpoint({ certificate });
        endpoints.push(endpoint);
        return { name, certificate, endpoint };
      }),
    );
    const closed = await tcpTarget(socket => socket.destroy());
    const handshakes = worker();

    const targets = Array.from({ length: 20 }, (_, index) => {
      const { name, endpoint } = started[index % 2];
      return {
        host: `${name}.dir.acme.com`,
        port: 443,
        address: endpoint.host,
        addressPort: endpoint.port,
      };
    });
    const [peers, failure] = await Promise.all([
      Promise.all(targets.map(target => handshakes.handshake(target, 2_000))),
      handshakes.handshake(closed, 2_000).catch((error: Error) => error),
    ]);

    expect(peers.map(peer => peer.certificate.fingerprint256)).toEqual(
      targets.map(
        (_, index) =>
          new X509Certificate(started[index % 2].certificate.certPem)
            .fingerprint256,
      ),
    );
    expect(failure).toBeInstanceOf(Error);
  });

  it('fails with the reason when the server closes before the handshake', async () => {
    const target = await tcpTarget(socket => socket.destroy());

    await expect(worker().handshake(target, 2_000)).rejects.toThrow(
      /closed before the TLS handshake|socket disconnected|ECONNRESET/,
    );
  });

  it('times out a server that never answers the handshake', async () => {
    const target = await tcpTarget(socket => sockets.push(socket));

    await expect(worker().handshake(target, 300)).rejects.toThrow(
      'timeout: no TLS handshake within 300 ms',
    );
  });

  it('fails pending handshakes when closed, and starts a new worker after', async () => {
    const target = await tcpTarget(socket => sockets.push(socket));
    const handshakes = worker();

    const pending = handshakes.handshake(target, 10_000);
    await handshakes.close();
    await expect(pending).rejects.toThrow('the TLS probe was stopped');
    await expect(handshakes.handshake(target, 200)).rejects.toThrow(
      'timeout: no TLS handshake within 200 ms',
    );
  });
});
