import { AddressInfo, Socket } from 'node:net';
import tls from 'node:tls';
import { GeneratedCertificate } from './certificates';

/**
 * A listening TLS endpoint.
 * @public
 */
export interface TlsEndpoint {
  port: number;
  host: string;
  close(): Promise<void>;
}

/**
 * Options of {@link startTlsEndpoint}.
 * @public
 */
export interface TlsEndpointOptions {
  certificate: GeneratedCertificate;
  /** PEM of intermediate certificates sent after the leaf. */
  chainPem?: string;
  /**
   * Demand a client certificate and fail the handshake without one, as the
   * Directory apiserver does with SPIFFE mTLS. The client still receives the
   * server certificate before the failure.
   */
  requestClientCert?: boolean;
  /** Default 0 (any free port). */
  port?: number;
  /** Default `['h2']`, as gRPC servers offer. */
  alpn?: string[];
}

/**
 * Starts a TLS server on 127.0.0.1 that completes handshakes with the given
 * certificate and then closes the connection (there is no application
 * protocol behind it).
 * @public
 */
export async function startTlsEndpoint(
  options: TlsEndpointOptions,
): Promise<TlsEndpoint> {
  const host = '127.0.0.1';
  const server = tls.createServer({
    cert: options.certificate.certPem + (options.chainPem ?? ''),
    key: options.certificate.keyPem,
    ALPNProtocols: options.alpn ?? ['h2'],
    requestCert: options.requestClientCert ?? false,
    rejectUnauthorized: options.requestClientCert ?? false,
  });
  server.on('secureConnection', socket => {
    socket.on('error', () => undefined);
    socket.end();
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
