/**
 * dir-admin (dirctl chart) CronJobs and the Jobs the CronJob controller
 * creates for them.
 */
import { FakeKubernetesApi, KubeObject } from '../kubernetes/FakeKubernetesApi';
import { kubernetesTime, shift } from './kubernetesTime';

/** How one run of a CronJob went. */
export type CronJobRunOutcome = 'succeeded' | 'failed' | 'active';

/** One Job of a CronJob. */
export interface CronJobRun {
  scheduledAt: Date;
  outcome: CronJobRunOutcome;
  /** When the Job finished; defaults to 20 s (success) or 3 min (failure) after it started. */
  finishedAt?: Date;
}

interface Cadence {
  periodMinutes: number;
  offsetMinutes: number;
}

/**
 * The cadence of the schedules the dirctl chart uses: `*\/N * * * *`,
 * `* * * * *`, `M * * * *`, `@hourly`, `M H * * *` and `@daily`.
 */
export function scheduleCadence(schedule: string): Cadence | undefined {
  if (schedule === '@hourly') {
    return { periodMinutes: 60, offsetMinutes: 0 };
  }
  if (schedule === '@daily' || schedule === '@midnight') {
    return { periodMinutes: 1440, offsetMinutes: 0 };
  }
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5 || fields.slice(2).some(f => f !== '*')) {
    return undefined;
  }
  const [minute, hour] = fields;
  if (hour === '*') {
    if (minute === '*') {
      return { periodMinutes: 1, offsetMinutes: 0 };
    }
    const every = /^\*\/(\d+)$/.exec(minute);
    if (every) {
      return { periodMinutes: Number(every[1]), offsetMinutes: 0 };
    }
    return /^\d+$/.test(minute)
      ? { periodMinutes: 60, offsetMinutes: Number(minute) }
      : undefined;
  }
  return /^\d+$/.test(minute) && /^\d+$/.test(hour)
    ? { periodMinutes: 1440, offsetMinutes: Number(hour) * 60 + Number(minute) }
    : undefined;
}

/** The latest scheduled time at or before `at`. */
export function lastScheduledTime(cadence: Cadence, at: Date): Date {
  const minutes = Math.floor(at.getTime() / 60000);
  const slots = Math.floor(
    (minutes - cadence.offsetMinutes) / cadence.periodMinutes,
  );
  return new Date(
    (slots * cadence.periodMinutes + cadence.offsetMinutes) * 60000,
  );
}

function finishedAt(run: CronJobRun): Date {
  return (
    run.finishedAt ??
    shift(run.scheduledAt, run.outcome === 'failed' ? 180 : 20)
  );
}

/** The Job the CronJob controller creates for one scheduled time. */
function jobFor(cronJob: KubeObject, run: CronJobRun): KubeObject {
  const name = `${cronJob.metadata.name}-${Math.floor(
    run.scheduledAt.getTime() / 60000,
  )}`;
  const jobTemplate = (
    cronJob.spec as {
      jobTemplate: {
        metadata?: { labels?: Record<string, string> };
        spec: Record<string, unknown>;
      };
    }
  ).jobTemplate;
  const started = shift(run.scheduledAt, 1);
  const finished = kubernetesTime(finishedAt(run));
  let status: Record<string, unknown>;
  if (run.outcome === 'succeeded') {
    status = {
      conditions: [
        {
          type: 'SuccessCriteriaMet',
          status: 'True',
          lastProbeTime: finished,
          lastTransitionTime: finished,
        },
        {
          type: 'Complete',
          status: 'True',
          lastProbeTime: finished,
          lastTransitionTime: finished,
        },
      ],
      startTime: kubernetesTime(started),
      completionTime: finished,
      succeeded: 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
  } else if (run.outcome === 'failed') {
    const reason = {
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    };
    status = {
      conditions: [
        {
          type: 'FailureTarget',
          status: 'True',
          ...reason,
          lastProbeTime: finished,
          lastTransitionTime: finished,
        },
        {
          type: 'Failed',
          status: 'True',
          ...reason,
          lastProbeTime: finished,
          lastTransitionTime: finished,
        },
      ],
      startTime: kubernetesTime(started),
      failed: 7,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
  } else {
    status = {
      startTime: kubernetesTime(started),
      active: 1,
      ready: 1,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
  }
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cronJob.metadata.namespace,
      creationTimestamp: kubernetesTime(run.scheduledAt),
      labels: {
        ...jobTemplate.metadata?.labels,
        'batch.kubernetes.io/job-name': name,
        'job-name': name,
      },
      annotations: {
        'batch.kubernetes.io/cronjob-scheduled-timestamp': kubernetesTime(
          run.scheduledAt,
        ),
      },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: cronJob.metadata.name,
          uid: cronJob.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { ...jobTemplate.spec, completions: 1, parallelism: 1 },
    status,
  };
}

interface CronJobStatus {
  active?: Array<Record<string, unknown>>;
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

/**
 * Records runs of a CronJob as the controller would: creates their Jobs,
 * moves `status.lastScheduleTime`, `lastSuccessfulTime` and `active`, and
 * prunes Jobs beyond the history limits. Runs must be given oldest first.
 */
export function recordCronJobRuns(
  api: FakeKubernetesApi,
  cronJob: KubeObject,
  runs: CronJobRun[],
): KubeObject {
  const current =
    api.get('CronJob', cronJob.metadata.namespace, cronJob.metadata.name) ??
    api.put(cronJob);
  const status: CronJobStatus = {
    ...(current.status as CronJobStatus | undefined),
  };
  for (const run of runs) {
    const job = api.put(jobFor(current, run));
    status.lastScheduleTime = kubernetesTime(run.scheduledAt);
    if (run.outcome === 'succeeded') {
      status.lastSuccessfulTime = kubernetesTime(finishedAt(run));
    }
    if (run.outcome === 'active') {
      status.active = [
        ...(status.active ?? []),
        {
          kind: 'Job',
          namespace: job.metadata.namespace,
          name: job.metadata.name,
          uid: job.metadata.uid,
          apiVersion: 'batch/v1',
          resourceVersion: job.metadata.resourceVersion,
        },
      ];
    }
  }
  if (status.active?.length === 0) {
    delete status.active;
  }
  pruneHistory(api, current);
  return api.put({
    ...current,
    status,
    metadata: { ...current.metadata, resourceVersion: undefined },
  });
}

function ownedJobs(api: FakeKubernetesApi, cronJob: KubeObject): KubeObject[] {
  return api
    .list('Job', cronJob.metadata.namespace)
    .filter(j =>
      (j.metadata.ownerReferences as Array<{ uid?: string }> | undefined)?.some(
        o => o.uid === cronJob.metadata.uid,
      ),
    );
}

function pruneHistory(api: FakeKubernetesApi, cronJob: KubeObject): void {
  const spec = cronJob.spec as {
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
  };
  const byOutcome = (succeeded: boolean) =>
    ownedJobs(api, cronJob)
      .filter(
        j =>
          ((j.status as { succeeded?: number }).succeeded ?? 0) > 0 ===
            succeeded && !(j.status as { active?: number }).active,
      )
      .sort((a, b) =>
        String(a.metadata.creationTimestamp).localeCompare(
          String(b.metadata.creationTimestamp),
        ),
      );
  for (const [jobs, limit] of [
    [byOutcome(true), spec.successfulJobsHistoryLimit ?? 3],
    [byOutcome(false), spec.failedJobsHistoryLimit ?? 1],
  ] as const) {
    for (const job of jobs.slice(0, Math.max(0, jobs.length - limit))) {
      api.remove('Job', job.metadata.namespace, job.metadata.name);
    }
  }
}

/**
 * Runs every schedule of a CronJob that fell due since its
 * `lastScheduleTime`, at least 30 s before `now` (so the Job has finished),
 * unless the CronJob is suspended or has an active Job (concurrency Forbid).
 * Returns the number of Jobs created.
 */
export function runDueSchedules(
  api: FakeKubernetesApi,
  namespace: string,
  name: string,
  options: { now?: Date; outcome?: 'succeeded' | 'failed' } = {},
): number {
  const cronJob = api.get('CronJob', namespace, name);
  if (!cronJob) {
    return 0;
  }
  const spec = cronJob.spec as { schedule: string; suspend?: boolean };
  const status = cronJob.status as CronJobStatus | undefined;
  const cadence = scheduleCadence(spec.schedule);
  if (!cadence || spec.suspend || (status?.active?.length ?? 0) > 0) {
    return 0;
  }
  const now = options.now ?? new Date();
  const last = status?.lastScheduleTime
    ? new Date(status.lastScheduleTime).getTime()
    : 0;
  const due: CronJobRun[] = [];
  for (
    let t = lastScheduledTime(cadence, shift(now, -30));
    t.getTime() > last && due.length < 10;

  ) {
    due.unshift({ scheduledAt: t, outcome: options.outcome ?? 'succeeded' });
    t = new Date(t.getTime() - cadence.periodMinutes * 60000);
  }
  if (due.length > 0) {
    recordCronJobRuns(api, cronJob, due);
  }
  return due.length;
}
