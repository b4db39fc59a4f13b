import type { V1CronJob, V1Job } from '@kubernetes/client-node';
import {
  chartLabelSelector,
  CheckStatus,
  DIRCTL_COMPONENT,
  worstStatus,
} from '@directory-ops/plugin-directory-common';
import { CronExpressionParser } from 'cron-parser';
import type { DirectoryCheck } from '@directory-ops/plugin-directory-node';

/** Macros Kubernetes accepts that cron-parser does not know. */
const SCHEDULE_ALIASES: Record<string, string> = {
  '@midnight': '@daily',
};

/** The next two runs of a schedule, as computed from `from`. */
interface NextRuns {
  from: number;
  first: number;
  second: number;
}

/** The most schedules whose next runs are remembered. */
const NEXT_RUNS_CACHE_SIZE = 1_000;

/**
 * The next two runs of recent schedules. The first run after any time from
 * `from` up to (not including) `first` is `first` again, so a poll of many
 * instances sharing a schedule parses it once.
 */
const nextRunsCache = new Map<string, NextRuns>();

/**
 * The period of a CronJob schedule around a time, in milliseconds: the gap
 * between the next two runs. Handles macros such as `@hourly`, the
 * deprecated `CRON_TZ=`/`TZ=` prefix and `spec.timeZone`.
 */
export function schedulePeriodMs(
  schedule: string,
  now: Date,
  timeZone?: string,
): number {
  const key = JSON.stringify([schedule, timeZone]);
  const at = now.getTime();
  const cached = nextRunsCache.get(key);
  if (cached && cached.from <= at && at < cached.first) {
    return cached.second - cached.first;
  }
  let expression = schedule.trim();
  let tz = timeZone;
  const prefix = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(expression);
  if (prefix) {
    tz ??= prefix[1];
    expression = prefix[2];
  }
  expression = SCHEDULE_ALIASES[expression] ?? expression;
  const interval = CronExpressionParser.parse(expression, {
    currentDate: now,
    tz: tz ?? 'UTC',
  });
  const first = interval.next().getTime();
  const second = interval.next().getTime();
  if (nextRunsCache.size >= NEXT_RUNS_CACHE_SIZE) {
    nextRunsCache.clear();
  }
  nextRunsCache.set(key, { from: at, first, second });
  return second - first;
}

function time(value: Date | string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? undefined : t;
}

function hasFailed(job: V1Job): boolean {
  return Boolean(
    job.status?.conditions?.some(
      c => c.type === 'Failed' && c.status === 'True',
    ),
  );
}

function hasFinished(job: V1Job): boolean {
  return (
    hasFailed(job) ||
    Boolean(
      job.status?.conditions?.some(
        c => c.type === 'Complete' && c.status === 'True',
      ),
    )
  );
}

function jobStart(job: V1Job): number {
  return (
    time(job.status?.startTime) ?? time(job.metadata?.creationTimestamp) ?? 0
  );
}

function formatAge(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) {
    return `${minutes} min`;
  }
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

/**
 * Whether the child Jobs can tell more than the CronJob status: a Job is
 * active, or the newest scheduled run has not succeeded. When the last
 * success is at or after the last schedule and nothing runs, the newest Job
 * succeeded (runs do not overlap under `concurrencyPolicy: Forbid`), so the
 * Job list is not requested.
 */
function mayHaveJobsToRead(cronJob: V1CronJob): boolean {
  const lastSchedule = time(cronJob.status?.lastScheduleTime);
  const lastSuccess = time(cronJob.status?.lastSuccessfulTime);
  return (
    (cronJob.status?.active?.length ?? 0) > 0 ||
    (lastSchedule !== undefined &&
      (lastSuccess === undefined || lastSuccess < lastSchedule))
  );
}

interface CronJobFinding {
  name: string;
  status: CheckStatus;
  problem?: string;
  remediation?: string;
}

function evaluate(
  cronJob: V1CronJob,
  jobs: V1Job[],
  namespace: string,
  now: Date,
): CronJobFinding {
  const name = cronJob.metadata?.name ?? '';
  const nowMs = now.getTime();
  let period: number;
  try {
    period = schedulePeriodMs(
      cronJob.spec?.schedule ?? '',
      now,
      cronJob.spec?.timeZone,
    );
  } catch {
    return {
      name,
      status: 'error',
      problem: `${name} has a schedule that cannot be parsed: "${cronJob.spec?.schedule}"`,
      remediation: 'Fix the schedule in the dirctl chart values.',
    };
  }
  const uid = cronJob.metadata?.uid;
  const children = jobs
    .filter(job =>
      job.metadata?.ownerReferences?.some(
        o => o.kind === 'CronJob' && (uid ? o.uid === uid : o.name === name),
      ),
    )
    .sort((a, b) => jobStart(b) - jobStart(a));

  const newestFinished = children.find(hasFinished);
  if (newestFinished && hasFailed(newestFinished)) {
    const condition = newestFinished.status?.conditions?.find(
      c => c.type === 'Failed',
    );
    return {
      name,
      status: 'error',
      problem: `${name}: the newest Job ${
        newestFinished.metadata?.name
      } failed (${condition?.reason ?? 'Failed'})`,
      remediation: `Read the Job's logs: kubectl logs -n ${namespace} job/${newestFinished.metadata?.name}. With spire.enabled, "certificate contains no URI SAN" means the Job got no SVID: set spire.useCSIDriver: true.`,
    };
  }
  const stuck = children.find(
    job => !hasFinished(job) && nowMs - jobStart(job) > 2 * period,
  );
  if (stuck) {
    return {
      name,
      status: 'error',
      problem: `${name}: Job ${
        stuck.metadata?.name
      } has been running for ${formatAge(
        nowMs - jobStart(stuck),
      )}, more than 2 schedule periods; under concurrencyPolicy Forbid it blocks every later run`,
      remediation: `Delete the stuck Job (kubectl delete job -n ${namespace} ${stuck.metadata?.name}) and look at why it hangs.`,
    };
  }
  if (cronJob.spec?.suspend) {
    return {
      name,
      status: 'warning',
      problem: `${name} is suspended`,
      remediation: `Resume it with: kubectl patch cronjob -n ${namespace} ${name} -p '{"spec":{"suspend":false}}'`,
    };
  }
  const lastSuccess = time(cronJob.status?.lastSuccessfulTime);
  if (lastSuccess !== undefined && nowMs - lastSuccess > 3 * period) {
    return {
      name,
      status: 'warning',
      problem: `${name} last succeeded ${formatAge(
        nowMs - lastSuccess,
      )} ago, more than 3 schedule periods`,
      remediation: `Check the recent Jobs: kubectl get jobs -n ${namespace}`,
    };
  }
  const created = time(cronJob.metadata?.creationTimestamp);
  if (
    lastSuccess === undefined &&
    created !== undefined &&
    nowMs - created > 2 * period
  ) {
    return {
      name,
      status: 'warning',
      problem: `${name} has never succeeded in ${formatAge(
        nowMs - created,
      )}, more than 2 schedule periods`,
      remediation: `Check the recent Jobs: kubectl get jobs -n ${namespace}`,
    };
  }
  return { name, status: 'ok' };
}

/**
 * `cronjobs`: the dir-admin (dirctl) CronJobs run and succeed. Health comes
 * from `lastSuccessfulTime` and the child Jobs, since a hung Job under
 * `concurrencyPolicy: Forbid` blocks later runs while `lastScheduleTime`
 * keeps moving.
 */
export const cronJobsCheck: DirectoryCheck = {
  id: 'cronjobs',
  title: 'dir-admin CronJobs',
  async run({ instance, cluster, now }) {
    const namespace = instance.adminNamespace ?? instance.namespace;
    const cronJobs = await cluster.cronJobs(
      namespace,
      chartLabelSelector(DIRCTL_COMPONENT),
    );
    if (cronJobs.length === 0) {
      return undefined;
    }
    const jobs = cronJobs.some(mayHaveJobsToRead)
      ? await cluster.jobs(namespace)
      : [];
    const findings = cronJobs.map(c => evaluate(c, jobs, namespace, now));
    const status = worstStatus(findings.map(f => f.status));
    const problems = findings.filter(f => f.status === status && f.problem);
    const details = {
      namespace,
      cronJobs: findings.map(f => ({
        name: f.name,
        status: f.status,
        problem: f.problem,
      })),
    };
    if (status === 'ok') {
      return {
        status,
        summary: `${cronJobs.length} dir-admin CronJob(s) in ${namespace} are running and succeeding`,
        details,
      };
    }
    return {
      status,
      summary: problems.map(p => p.problem).join('; '),
      remediation: problems[0].remediation,
      details,
    };
  },
};
