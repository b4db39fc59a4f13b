import type {
  DirectoryTlsProbe,
  TlsPeer,
} from '@directory-ops/plugin-directory-node';
import type { ProbeSettings } from '../config';
import { isTrustedForHost } from './certificates';
import { HandshakeWorker } from './HandshakeWorker';
import {
  isHostAllowed,
  resolveProbeTarget,
  ResolveTable,
  resolveTable,
} from './ProbeTarget';

/**
 * The TLS probe of `directory.probe`: only allowed domains, addresses from
 * the `resolve` overrides, and a timeout per handshake. Handshakes run on a
 * worker thread ({@link HandshakeWorker}).
 */
export class TlsProbe implements DirectoryTlsProbe {
  readonly #settings: ProbeSettings;
  readonly #publicTrustStore: readonly string[];
  readonly #resolve: ResolveTable;
  readonly #handshakes = new HandshakeWorker();

  /** `publicTrustStore`: PEM roots that make a certificate "publicly trusted". */
  constructor(settings: ProbeSettings, publicTrustStore: readonly string[]) {
    this.#settings = settings;
    this.#publicTrustStore = publicTrustStore;
    this.#resolve = resolveTable(settings.resolve);
  }

  isAllowed(host: string): boolean {
    return isHostAllowed(host, this.#settings.allowedDomains);
  }

  async handshake(host: string, port: number): Promise<TlsPeer> {
    if (!this.isAllowed(host)) {
      throw new Error(
        `${host} is not under directory.probe.allowedDomains, so it may not be probed`,
      );
    }
    return this.#handshakes.handshake(
      resolveProbeTarget(host, port, this.#resolve),
      this.#settings.timeoutMs,
    );
  }

  isPubliclyTrusted(peer: TlsPeer, host: string, at: Date): boolean {
    return isTrustedForHost(
      peer.certificate,
      peer.intermediates,
      host,
      this.#publicTrustStore,
      at,
    );
  }
}
