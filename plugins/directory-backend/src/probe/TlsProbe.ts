import type {
  DirectoryTlsProbe,
  TlsPeer,
} from '@directory-ops/plugin-directory-node';
import type { ProbeSettings } from '../config';
import { isTrustedForHost } from './certificates';
import {
  isHostAllowed,
  resolveProbeTarget,
  ResolveTable,
  resolveTable,
} from './ProbeTarget';
import { readPeerCertificate } from './readPeerCertificate';

/**
 * The TLS probe of `directory.probe`: only allowed domains, addresses from
 * the `resolve` overrides, and a timeout per handshake.
 */
export class TlsProbe implements DirectoryTlsProbe {
  readonly #settings: ProbeSettings;
  readonly #publicTrustStore: readonly string[];
  readonly #resolve: ResolveTable;

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
    const target = resolveProbeTarget(host, port, this.#resolve);
    const peer = await readPeerCertificate(target, this.#settings.timeoutMs);
    return { address: `${target.address}:${target.addressPort}`, ...peer };
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
