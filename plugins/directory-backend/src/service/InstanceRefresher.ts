import type { DirectoryInstance } from '@directory-ops/plugin-directory-common';
import type { StoredHealth } from '../database/HealthStore';

/** Options of {@link InstanceRefresher}. */
export interface InstanceRefresherOptions {
  /** Checks one instance now and stores the result. */
  poll(instance: DirectoryInstance): Promise<StoredHealth>;
  /** The newest stored result of an instance. */
  latest(entityRef: string): Promise<StoredHealth | undefined>;
  /** A result younger than this is returned instead of a new poll. */
  minIntervalMs: number;
}

/**
 * Runs on-demand refreshes so that no burst of them can hammer a cluster:
 * concurrent refreshes of one instance share one poll, and a refresh within
 * `minIntervalMs` of the stored result returns that result without polling
 * (or storing) anything.
 */
export class InstanceRefresher {
  readonly #options: InstanceRefresherOptions;
  readonly #inFlight = new Map<string, Promise<StoredHealth>>();

  constructor(options: InstanceRefresherOptions) {
    this.#options = options;
  }

  /** The instance's health, polled now unless a fresh result exists. */
  refresh(instance: DirectoryInstance): Promise<StoredHealth> {
    const key = instance.entityRef;
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#refresh(instance).finally(() =>
        this.#inFlight.delete(key),
      );
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async #refresh(instance: DirectoryInstance): Promise<StoredHealth> {
    const { minIntervalMs } = this.#options;
    if (minIntervalMs > 0) {
      const stored = await this.#options.latest(instance.entityRef);
      if (stored && Date.now() - Date.parse(stored.checkedAt) < minIntervalMs) {
        return stored;
      }
    }
    return this.#options.poll(instance);
  }
}
