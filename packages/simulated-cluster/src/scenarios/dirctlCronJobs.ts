/**
 * The dirctl chart's CronJobs for a seeded instance, with their Job history.
 */
import { FakeKubernetesApi } from '../kubernetes/FakeKubernetesApi';
import { CHART_VERSION, DIRCTL_IMAGE, MetadataFactory } from './chart';
import {
  CronJobRun,
  lastScheduledTime,
  recordCronJobRuns,
  scheduleCadence,
} from './cronJobs';
import { shift } from './kubernetesTime';
import type { SeedInstanceFaults } from './types';

/**
 * CronJobs `<rel>-dirctl-search` and `<rel>-dirctl-push`; the `cronjob` fault
 * applies to `search`. Returns their names.
 */
export function seedCronJobs(
  api: FakeKubernetesApi,
  o: {
    release: string;
    namespace: string;
    adminNamespace: string;
    now: Date;
    fault: SeedInstanceFaults['cronjob'];
    common: MetadataFactory;
  },
): string[] {
  const definitions = [
    {
      key: 'search',
      schedule: '*/5 * * * *',
      args: ['search', '--limit', '10'],
    },
    {
      key: 'push',
      schedule: '@hourly',
      args: ['push', '/examples/record.json'],
    },
  ];
  return definitions.map(({ key, schedule, args }) => {
    const name = `${o.release}-dirctl-${key}`;
    const labels = {
      'helm.sh/chart': `dirctl-${CHART_VERSION}`,
      'app.kubernetes.io/name': 'dirctl',
      'app.kubernetes.io/instance': o.release,
      'app.kubernetes.io/component': name,
      'app.kubernetes.io/managed-by': 'Helm',
    };
    const fault = key === 'search' ? o.fault : undefined;
    const cronJob = api.put({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: o.common(name, o.adminNamespace, labels),
      spec: {
        schedule,
        suspend: fault === 'suspended',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 10,
        failedJobsHistoryLimit: 10,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 6,
            template: {
              metadata: { labels },
              spec: {
                restartPolicy: 'OnFailure',
                securityContext: { runAsNonRoot: true, runAsUser: 65532 },
                containers: [
                  {
                    name: 'dirctl',
                    image: DIRCTL_IMAGE,
                    args,
                    env: [
                      {
                        name: 'DIRECTORY_CLIENT_SERVER_ADDRESS',
                        value: `${o.release}-apiserver.${o.namespace}.svc.cluster.local:8888`,
                      },
                      { name: 'DIRECTORY_CLIENT_AUTH_MODE', value: 'x509' },
                      {
                        name: 'DIRECTORY_CLIENT_SPIFFE_SOCKET_PATH',
                        value: 'unix:/run/spire/agent-sockets/api.sock',
                      },
                    ],
                    resources: {
                      requests: { cpu: '50m', memory: '64Mi' },
                      limits: { cpu: '100m', memory: '128Mi' },
                    },
                  },
                ],
              },
            },
          },
        },
      },
      status: {},
    });
    recordCronJobRuns(api, cronJob, seededRuns(schedule, o.now, fault));
    return name;
  });
}

/** The Jobs history a CronJob shows at `now`, oldest first. */
function seededRuns(
  schedule: string,
  now: Date,
  fault: SeedInstanceFaults['cronjob'],
): CronJobRun[] {
  const cadence = scheduleCadence(schedule)!;
  const period = cadence.periodMinutes * 60;
  const latest = lastScheduledTime(cadence, shift(now, -60));
  const at = (periodsBack: number) => shift(latest, -periodsBack * period);
  switch (fault) {
    case 'failed':
      return [
        { scheduledAt: at(2), outcome: 'succeeded' },
        { scheduledAt: at(1), outcome: 'succeeded' },
        {
          scheduledAt: at(0),
          outcome: 'failed',
          finishedAt: shift(
            at(0),
            Math.min(180, (now.getTime() - at(0).getTime()) / 1000 - 1),
          ),
        },
      ];
    case 'stuck':
      return [
        { scheduledAt: at(5), outcome: 'succeeded' },
        { scheduledAt: at(4), outcome: 'succeeded' },
        { scheduledAt: at(3), outcome: 'active' },
      ];
    case 'never-succeeded':
      return [0, 1, 2].reverse().map(n => ({
        scheduledAt: at(n),
        outcome: 'failed' as const,
        finishedAt: shift(
          at(n),
          Math.min(180, (now.getTime() - at(n).getTime()) / 1000 - 1),
        ),
      }));
    case 'stale-success':
      return [
        {
          scheduledAt: lastScheduledTime(cadence, shift(now, -86400)),
          outcome: 'succeeded',
        },
      ];
    default:
      return [2, 1, 0].map(n => ({
        scheduledAt: at(n),
        outcome: 'succeeded' as const,
      }));
  }
}
