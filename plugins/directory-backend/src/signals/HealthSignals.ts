import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  DIRECTORY_HEALTH_SIGNAL_CHANNEL,
  DirectoryHealthSignal,
} from '@directory-ops/plugin-directory-common';
import type { StoredHealth } from '../database/HealthStore';
import type { HealthChange } from '../service/HealthListener';

/** What a reader of the result sees change: the status and each check's verdict. */
function visibleState(health: StoredHealth): string {
  return JSON.stringify([
    health.status,
    health.checks.map(c => [c.id, c.status, c.summary]),
  ]);
}

/**
 * Publishes a signal on {@link DIRECTORY_HEALTH_SIGNAL_CHANNEL} when a poll
 * changes an instance's result, and after every refresh, so open cards and
 * fleet pages reload within seconds. The message names the instance only.
 */
export class HealthSignals {
  readonly #signals: SignalsService;

  constructor(signals: SignalsService) {
    this.#signals = signals;
  }

  /** The poller's listener for new results. */
  readonly onHealthChange = async ({
    previous,
    current,
    trigger,
  }: HealthChange): Promise<void> => {
    if (
      trigger === 'poll' &&
      previous &&
      visibleState(previous) === visibleState(current)
    ) {
      return;
    }
    await this.#signals.publish<DirectoryHealthSignal>({
      recipients: { type: 'broadcast' },
      channel: DIRECTORY_HEALTH_SIGNAL_CHANNEL,
      message: { entityRef: current.entityRef, checkedAt: current.checkedAt },
    });
  };
}
