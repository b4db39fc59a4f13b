/**
 * The TLS handshake of a probe, as run on the probe's worker thread. This
 * module imports nothing but Node, so the worker loads it alone; loaded
 * there with {@link HANDSHAKE_WORKER_DATA}, it answers handshake requests.
 */
import type { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

/** This module's file, for the worker to load. */
export const TLS_HANDSHAKE_MODULE = __filename;

/** What the worker's `workerData` carries so that loading this module serves handshakes. */
export const HANDSHAKE_WORKER_DATA = { directoryOpsTlsHandshakes: true };

/** One handshake to make. */
export interface HandshakeRequest {
  id: number;
  /** The address to connect to, and its port. */
  address: string;
  port: number;
  /** The SNI host name. */
  servername: string;
  timeoutMs: number;
}

/** The certificates a handshake showed. */
export interface HandshakeCertificates {
  id: number;
  /**
   * The leaf and each certificate the server sent after it, as the worker's
   * TLS socket parsed them: an `X509Certificate` crosses to another thread
   * with its parsed certificate, so the main thread parses none.
   */
  chain: X509Certificate[];
  /** False when the server demanded a client certificate and ended the handshake. */
  handshakeCompleted: boolean;
  alpnProtocol?: string;
}

/** What a handshake showed, or why it failed. */
export type HandshakeAnswer =
  | HandshakeCertificates
  | { id: number; error: string };

/**
 * The client context of every handshake. It verifies nothing (the main
 * thread does), so one context serves every handshake. The key share is
 * X25519 (P-256 on a server's request): the probe only reads the
 * certificate, and a post-quantum hybrid share costs more CPU than the rest
 * of the handshake.
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
 * Opens a TLS connection with SNI and ALPN `h2` and reads the certificates
 * the server presents. A server that demands a client certificate (SPIFFE
 * mTLS) still shows its certificate before it ends the handshake, so that
 * certificate is returned too.
 */
export function tlsHandshake(
  request: HandshakeRequest,
): Promise<HandshakeAnswer> {
  const { id, timeoutMs } = request;
  return new Promise(resolve => {
    let settled = false;
    const socket = tls.connect({
      host: request.address,
      port: request.port,
      servername: request.servername,
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
      let answer: HandshakeAnswer;
      if (error) {
        const partial = socket.getPeerX509Certificate?.();
        answer = partial
          ? { id, chain: [partial], handshakeCompleted: false }
          : { id, error: error.message };
      } else {
        const chain = chainOf(socket);
        answer =
          chain.length > 0
            ? {
                id,
                chain,
                handshakeCompleted: true,
                alpnProtocol: socket.alpnProtocol || undefined,
              }
            : { id, error: 'the server presented no certificate' };
      }
      socket.destroy();
      resolve(answer);
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

/**
 * Sends messages in batches: what is sent during one event-loop turn goes as
 * one array, posted at the end of the turn. A poll sends thousands of
 * handshakes; each message between threads costs a lock and a wake-up of
 * the other thread, which in a busy process cost far more than the message.
 */
export function batchedSender<T>(
  post: (batch: T[]) => void,
): (item: T) => void {
  let batch: T[] | undefined;
  return item => {
    if (batch) {
      batch.push(item);
      return;
    }
    batch = [item];
    setImmediate(() => {
      const full = batch ?? [];
      batch = undefined;
      post(full);
    });
  };
}

/** The worker's main: answers each handshake request it is sent. */
function serveHandshakes(port: NonNullable<typeof parentPort>): void {
  const answer = batchedSender<HandshakeAnswer>(batch =>
    port.postMessage(batch),
  );
  port.on('message', (requests: HandshakeRequest[]) => {
    for (const request of requests) {
      tlsHandshake(request).then(answer);
    }
  });
}

if (
  !isMainThread &&
  parentPort &&
  (workerData as Partial<typeof HANDSHAKE_WORKER_DATA> | undefined)
    ?.directoryOpsTlsHandshakes === true
) {
  serveHandshakes(parentPort);
}
