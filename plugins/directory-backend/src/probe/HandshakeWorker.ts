import { Worker } from 'node:worker_threads';
import type { TlsPeer } from '@directory-ops/plugin-directory-node';
import { ProbeTarget } from './ProbeTarget';
import {
  batchedSender,
  HANDSHAKE_WORKER_DATA,
  HandshakeAnswer,
  HandshakeRequest,
  TLS_HANDSHAKE_MODULE,
} from './tlsHandshake';

/** A worker with nothing to do for this long is stopped; the next handshake starts another. */
const IDLE_MS = 10_000;
/** How long past its own timeout a handshake may take before the worker is given up on. */
const ANSWER_GRACE_MS = 5_000;

/**
 * Loads the handshake module on the worker, which then serves handshakes.
 * From TypeScript sources (tests, `backstage-cli package start`) the worker
 * registers the CLI's transform first; a built package loads its
 * JavaScript as it is.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.transform) require(workerData.transform);
require(workerData.module);
`;

interface Pending {
  /** `address:port` connected to. */
  address: string;
  resolve(peer: TlsPeer): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * TLS handshakes of the probe on a worker thread of their own. A poll makes
 * one handshake per instance, and each costs about half a millisecond of
 * CPU (connect, key exchange, close); on the worker that CPU no longer
 * delays the Kubernetes answers and API requests on the main thread. The
 * worker starts on the first handshake and stops when idle.
 */
export class HandshakeWorker {
  #worker?: Worker;
  /** Sends to the worker the requests of one event-loop turn together. */
  #send?: (request: HandshakeRequest) => void;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #idleTimer?: NodeJS.Timeout;

  /**
   * Connects to the target with SNI and ALPN `h2` and reads the certificates
   * the server presents. Verification is left to the caller.
   */
  handshake(target: ProbeTarget, timeoutMs: number): Promise<TlsPeer> {
    const send = this.#started();
    clearTimeout(this.#idleTimer);
    const id = this.#nextId++;
    const request: HandshakeRequest = {
      id,
      address: target.address,
      port: target.addressPort,
      servername: target.host,
      timeoutMs,
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle(id)?.reject(
          new Error(
            `timeout: the TLS probe worker gave no answer within ${
              timeoutMs + ANSWER_GRACE_MS
            } ms`,
          ),
        );
      }, timeoutMs + ANSWER_GRACE_MS);
      this.#pending.set(id, {
        address: `${target.address}:${target.addressPort}`,
        resolve,
        reject,
        timer,
      });
      send(request);
    });
  }

  /** Stops the worker; pending handshakes fail. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    clearTimeout(this.#idleTimer);
    this.#failAll(new Error('the TLS probe was stopped'));
    await worker?.terminate();
  }

  #started(): (request: HandshakeRequest) => void {
    if (this.#worker && this.#send) {
      return this.#send;
    }
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      execArgv: [],
      workerData: {
        ...HANDSHAKE_WORKER_DATA,
        module: TLS_HANDSHAKE_MODULE,
        transform: TLS_HANDSHAKE_MODULE.endsWith('.ts')
          ? require.resolve('@backstage/cli/config/nodeTransform.cjs')
          : undefined,
      },
    });
    // Handshakes in flight do not keep the process alive.
    worker.unref();
    worker.on('message', (answers: HandshakeAnswer[]) => {
      for (const answer of answers) {
        this.#answer(answer);
      }
    });
    worker.on('error', error => this.#stopped(worker, error));
    worker.on('exit', code =>
      this.#stopped(
        worker,
        new Error(`the TLS probe worker exited with code ${code}`),
      ),
    );
    this.#worker = worker;
    // A batch sent after the worker was replaced goes to the one it was for,
    // whose handshakes have already failed.
    this.#send = batchedSender(requests => worker.postMessage(requests));
    return this.#send;
  }

  #answer(answer: HandshakeAnswer): void {
    const pending = this.#settle(answer.id);
    if (!pending) {
      return;
    }
    if ('error' in answer) {
      pending.reject(new Error(answer.error));
      return;
    }
    const [certificate, ...intermediates] = answer.chain;
    const peer: TlsPeer = {
      address: pending.address,
      certificate,
      intermediates,
      handshakeCompleted: answer.handshakeCompleted,
    };
    if (answer.alpnProtocol) {
      peer.alpnProtocol = answer.alpnProtocol;
    }
    pending.resolve(peer);
  }

  /** Takes a handshake off the pending ones; once none is left, the worker may idle out. */
  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    if (!pending) {
      return undefined;
    }
    clearTimeout(pending.timer);
    this.#pending.delete(id);
    if (this.#pending.size === 0 && this.#worker) {
      const worker = this.#worker;
      this.#idleTimer = setTimeout(() => {
        if (this.#worker === worker && this.#pending.size === 0) {
          this.#worker = undefined;
          worker.terminate();
        }
      }, IDLE_MS);
      this.#idleTimer.unref();
    }
    return pending;
  }

  #stopped(worker: Worker, error: Error): void {
    if (this.#worker !== worker) {
      return;
    }
    this.#worker = undefined;
    this.#failAll(error);
  }

  #failAll(error: Error): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(id);
      pending.reject(error);
    }
  }
}
