import type {
  SignalPayload,
  SignalsService,
} from '@backstage/plugin-signals-node';
import type { CheckStatus } from '@directory-ops/plugin-directory-common';
import type { StoredHealth } from '../database/HealthStore';
import { HealthSignals } from './HealthSignals';

/** Records what would reach the signals backend. */
class RecordingSignals implements SignalsService {
  readonly published: SignalPayload[] = [];
  async publish(signal: SignalPayload): Promise<void> {
    this.published.push(signal);
  }
}

function result(
  status: CheckStatus,
  checkedAt: string,
  summary = 'SVID obtained',
): StoredHealth {
  const check = {
    id: 'svid',
    title: 'SVID',
    status,
    summary,
    observedAt: checkedAt,
  };
  return {
    entityRef: 'resource:default/acme-prod-directory',
    status,
    checkedAt,
    checks: [check],
  };
}

describe('HealthSignals', () => {
  const first = result('ok', '2026-11-30T06:00:00.000Z');
  const same = result('ok', '2026-11-30T06:02:00.000Z');

  it('announces a poll that changes the result, naming only the instance', async () => {
    const signals = new RecordingSignals();
    const listener = new HealthSignals(signals).onHealthChange;
    const broken = result('error', '2026-11-30T06:04:00.000Z', 'no SVID');
    await listener({ previous: same, current: broken, trigger: 'poll' });
    expect(signals.published).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: 'directory:health',
        message: {
          entityRef: 'resource:default/acme-prod-directory',
          checkedAt: '2026-11-30T06:04:00.000Z',
        },
      },
    ]);
  });

  it('announces a changed summary and the first result of an instance', async () => {
    const signals = new RecordingSignals();
    const listener = new HealthSignals(signals).onHealthChange;
    await listener({ current: first, trigger: 'poll' });
    await listener({
      previous: first,
      current: result('ok', '2026-11-30T06:02:00.000Z', 'SVID renewed'),
      trigger: 'poll',
    });
    expect(signals.published).toHaveLength(2);
  });

  it('stays quiet for a poll that changes nothing', async () => {
    const signals = new RecordingSignals();
    await new HealthSignals(signals).onHealthChange({
      previous: first,
      current: same,
      trigger: 'poll',
    });
    expect(signals.published).toEqual([]);
  });

  it('announces every refresh, so other users see it', async () => {
    const signals = new RecordingSignals();
    await new HealthSignals(signals).onHealthChange({
      previous: first,
      current: same,
      trigger: 'refresh',
    });
    expect(signals.published).toHaveLength(1);
  });
});
