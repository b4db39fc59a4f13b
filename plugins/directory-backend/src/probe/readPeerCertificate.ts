import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { ProbeTarget } from './ProbeTarget';

/** What a TLS handshake showed of the server. */
export interface PeerCertificate {
  /** The leaf certificate. */
  certificate: X509Certificate;
  /** The certificates the server sent after the leaf. */
  intermediates: X509Certificate[];
  /** False when the server demanded a client certificate and ended the handshake. */
  handshakeCompleted: boolean;
  alpnProtocol?: string;
}

/**
 * The client context of every probe. It verifies nothing (the caller does),
 * so one context serves every handshake instead of one built per connection.
 * The key share is X25519 (P-256 on a server's request): the probe only
 * reads the certificate, and a post-quantum hybrid share costs a probe more
 * CPU than the rest of the handshake.
 */
let probeContext: tls.SecureContext | undefined;

/** The leaf and the certificates the server sent after it, in order. */
function chainOf(socket: tls.TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current = socket.getPeerX509Certificate();
  while (current && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(current);
    current = current.issuerCertificate;
  }
  return chain;
}

/**
 * Opens a TLS connection with SNI and ALPN `h2` and reads the certificate the
 * server presents. Verification is left to the caller. A server that demands
 * a client certificate (SPIFFE mTLS) still shows its certificate before it
 * ends the handshake, so that certificate is returned too.
 */
export function readPeerCertificate(
  target: ProbeTarget,
  timeoutMs: number,
): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const socket = tls.connect({
      host: target.address,
      port: target.addressPort,
      servername: target.host,
      ALPNProtocols: ['h2'],
      rejectUnauthorized: false,
      secureContext: (probeContext ??= tls.createSecureContext({
        ecdhCurve: 'X25519:P-256',
      })),
    });
    const finish = (error?: Error) => {
      if (settled) {
        return;
      }
      settled = true;
      const chain = error ? [] : chainOf(socket);
      let peer: PeerCertificate | undefined;
      if (error) {
        const partial = socket.getPeerX509Certificate?.();
        if (partial) {
          peer = {
            certificate: partial,
            intermediates: [],
            handshakeCompleted: false,
          };
        }
      } else if (chain.length > 0) {
        peer = {
          certificate: chain[0],
          intermediates: chain.slice(1),
          handshakeCompleted: true,
          alpnProtocol: socket.alpnProtocol || undefined,
        };
      }
      socket.destroy();
      if (peer) {
        resolve(peer);
      } else {
        reject(error ?? new Error('the server presented no certificate'));
      }
    };
    // The handshake is the only traffic, so an idle socket is a stalled one.
    socket.setTimeout(timeoutMs, () =>
      finish(new Error(`timeout: no TLS handshake within ${timeoutMs} ms`)),
    );
    socket.once('secureConnect', () => finish());
    socket.once('error', error => finish(error));
    socket.once('close', () =>
      finish(new Error('the connection closed before the TLS handshake')),
    );
  });
}
