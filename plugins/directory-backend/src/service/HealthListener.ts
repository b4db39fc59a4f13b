import type { StoredHealth } from '../database/HealthStore';

/**
 * A new health result of one instance, with the one it replaces.
 * `trigger` tells a scheduled poll from a refresh that someone asked for.
 */
export interface HealthChange {
  previous?: StoredHealth;
  current: StoredHealth;
  trigger: 'poll' | 'refresh';
}

/** Called by the poller after each result is stored; errors are logged, not thrown. */
export type HealthListener = (change: HealthChange) => Promise<void>;
