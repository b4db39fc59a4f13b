import {
  FakeKubernetesApi,
  KubeObject,
} from '@directory-ops/simulated-cluster';
import {
  ADMIN_NAMESPACE,
  minutesAgo,
  testCheckContext,
} from '../__testUtils__/cluster';
import { cronJobsCheck, schedulePeriodMs } from './cronjobs';

// The first test pays for starting the fakes and loading client-node on a busy machine.
jest.setTimeout(60_000);

const NAME = 'dir-admin-dirctl-search';

function cronJob(options: {
  schedule?: string;
  suspend?: boolean;
  createdMinutesAgo?: number;
  lastSuccessMinutesAgo?: number;
  lastScheduleMinutesAgo?: number;
}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name: NAME,
      namespace: ADMIN_NAMESPACE,
      uid: 'cronjob-uid-1',
      labels: {
        'app.kubernetes.io/name': 'dirctl',
        'app.kubernetes.io/component': NAME,
      },
      creationTimestamp: minutesAgo(options.createdMinutesAgo ?? 600),
    },
    spec: {
      schedule: options.schedule ?? '*/5 * * * *',
      concurrencyPolicy: 'Forbid',
      suspend: options.suspend ?? false,
      jobTemplate: {
        spec: {
          template: { spec: { containers: [], restartPolicy: 'OnFailure' } },
        },
      },
    },
    status: {
      lastScheduleTime: minutesAgo(options.lastScheduleMinutesAgo ?? 1),
      lastSuccessfulTime:
        options.lastSuccessMinutesAgo === undefined
          ? undefined
          : minutesAgo(options.lastSuccessMinutesAgo),
    },
  };
}

function job(
  name: string,
  options: { startedMinutesAgo: number; outcome?: 'Complete' | 'Failed' },
): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: ADMIN_NAMESPACE,
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: NAME,
          uid: 'cronjob-uid-1',
          controller: true,
        },
      ],
    },
    spec: { template: { spec: { containers: [] } } },
    status: {
      startTime: minutesAgo(options.startedMinutesAgo),
      ...(options.outcome
        ? {
            conditions: [
              {
                type: options.outcome,
                status: 'True',
                reason:
                  options.outcome === 'Failed'
                    ? 'BackoffLimitExceeded'
                    : undefined,
              },
            ],
          }
        : { active: 1 }),
    },
  };
}

describe('cronjobs check', () => {
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
  });
  afterAll(() => api.close());
  beforeEach(() => {
    for (const kind of ['CronJob', 'Job']) {
      for (const o of api.list(kind, ADMIN_NAMESPACE)) {
        api.remove(kind, ADMIN_NAMESPACE, o.metadata.name);
      }
    }
  });

  it('is ok when the newest Job succeeded recently', async () => {
    api.put(cronJob({ lastSuccessMinutesAgo: 4 }));
    api.put(job('search-1', { startedMinutesAgo: 10, outcome: 'Failed' }));
    api.put(job('search-2', { startedMinutesAgo: 5, outcome: 'Complete' }));
    expect(await cronJobsCheck.run(testCheckContext(api))).toMatchObject({
      status: 'ok',
    });
  });

  it('does not list Jobs when the newest run succeeded and none is active', async () => {
    api.put(cronJob({ lastScheduleMinutesAgo: 3, lastSuccessMinutesAgo: 2 }));
    api.stats.reset();
    expect(await cronJobsCheck.run(testCheckContext(api))).toMatchObject({
      status: 'ok',
    });
    expect(
      api.stats.requestsByPath.get(
        `/apis/batch/v1/namespaces/${ADMIN_NAMESPACE}/jobs`,
      ),
    ).toBeUndefined();
  });

  it('is an error when the newest finished Job failed', async () => {
    api.put(cronJob({ lastSuccessMinutesAgo: 9 }));
    api.put(job('search-1', { startedMinutesAgo: 10, outcome: 'Complete' }));
    api.put(job('search-2', { startedMinutesAgo: 5, outcome: 'Failed' }));
    expect(await cronJobsCheck.run(testCheckContext(api))).toMatchObject({
      status: 'error',
      summary: expect.stringContaining(
        'search-2 failed (BackoffLimitExceeded)',
      ),
    });
  });

  it('is an error when an active Job is older than 2 periods (stuck under Forbid)', async () => {
    api.put(cronJob({ lastSuccessMinutesAgo: 14 }));
    api.put(job('search-1', { startedMinutesAgo: 20, outcome: 'Complete' }));
    api.put(job('search-2', { startedMinutesAgo: 12 }));
    const verdict = await cronJobsCheck.run(testCheckContext(api));
    expect(verdict).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('Forbid'),
    });
  });

  it('is a warning when suspended', async () => {
    api.put(cronJob({ suspend: true, lastSuccessMinutesAgo: 300 }));
    expect(await cronJobsCheck.run(testCheckContext(api))).toMatchObject({
      status: 'warning',
      summary: expect.stringContaining('suspended'),
    });
  });

  it('is a warning when the last success is older than 3 periods', async () => {
    api.put(cronJob({ schedule: '@hourly', lastSuccessMinutesAgo: 200 }));
    expect(await cronJobsCheck.run(testCheckContext(api))).toMatchObject({
      status: 'warning',
      summary: expect.stringContaining('last succeeded'),
    });
  });

  it('is a warning when there was never a success after 2 periods', async () => {
    api.put(cronJob({ schedule: '0 */6 * * *', createdMinutesAgo: 13 * 60 }));
    expect(await cronJobsCheck.run(testCheckContext(api))).toMatchObject({
      status: 'warning',
      summary: expect.stringContaining('never succeeded'),
    });
  });

  it('is left out when the instance has no dir-admin CronJobs', async () => {
    expect(await cronJobsCheck.run(testCheckContext(api))).toBeUndefined();
  });

  it('parses every cron form', () => {
    const now = new Date('2026-11-28T01:30:00Z');
    expect(schedulePeriodMs('@hourly', now)).toBe(3_600_000);
    expect(schedulePeriodMs('@daily', now)).toBe(86_400_000);
    expect(schedulePeriodMs('@midnight', now)).toBe(86_400_000);
    expect(schedulePeriodMs('@weekly', now)).toBe(7 * 86_400_000);
    expect(schedulePeriodMs('* * * * *', now)).toBe(60_000);
    expect(schedulePeriodMs('*/30 * * * *', now)).toBe(1_800_000);
    expect(schedulePeriodMs('CRON_TZ=Europe/Paris 0 3 * * *', now)).toBe(
      86_400_000,
    );
    expect(schedulePeriodMs('0 3 * * *', now, 'America/New_York')).toBe(
      86_400_000,
    );
  });
});
