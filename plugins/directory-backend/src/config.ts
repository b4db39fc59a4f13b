import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  CHECK_STATUSES,
  CheckStatus,
} from '@directory-ops/plugin-directory-common';
import {
  readRoute53Settings,
  Route53Settings,
} from '@directory-ops/plugin-directory-node';
import { parseResolveEntry, ResolveEntry } from './probe/ProbeTarget';

/** The poll schedule used when `directory.schedule` is not set. */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 2 },
  timeout: { minutes: 2 },
  initialDelay: { seconds: 15 },
};
/** Instances of one cluster checked at the same time. */
export const DEFAULT_CONCURRENCY = 4;
/**
 * Instances one replica checks at the same time over all its clusters: more
 * in flight only adds memory and garbage collection once the replica's CPU
 * is busy.
 */
export const DEFAULT_TOTAL_CONCURRENCY = 160;
/**
 * How long one cluster's checks may take in one cycle, unless the schedule's
 * timeout is shorter (then 90% of it, so results are stored before the task
 * is cut off).
 */
export const DEFAULT_CLUSTER_TIMEOUT: HumanDuration = { seconds: 30 };
/** How long one TLS probe may take. */
export const DEFAULT_PROBE_TIMEOUT: HumanDuration = { seconds: 5 };
/** The most apiserver log bytes read per pod per poll. */
export const DEFAULT_SVID_LOG_LIMIT_BYTES = 256 * 1024;
/**
 * The namespaces instances may live in: every namespace but Kubernetes' own
 * (`kube-*`) and those of the platform (Argo CD, cert-manager, External
 * Secrets, the ingress controller, Backstage).
 */
export const DEFAULT_ALLOWED_NAMESPACES = [
  '*',
  '!kube-*',
  '!argocd',
  '!cert-manager',
  '!external-secrets',
  '!ingress-nginx',
  '!backstage',
];
/** A refresh within this long of the stored result returns that result. */
export const DEFAULT_REFRESH_MIN_INTERVAL: HumanDuration = { seconds: 30 };
/** How long status transitions are kept, in days. */
export const DEFAULT_HISTORY_RETENTION_DAYS = 30;
/** How often transitions older than the retention are pruned. */
export const HISTORY_PRUNE_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 6 },
  timeout: { minutes: 5 },
  initialDelay: { minutes: 1 },
};
/** The new statuses that notify an instance's owner. */
export const DEFAULT_NOTIFICATION_STATUSES: CheckStatus[] = ['error', 'ok'];
/** The namespace Argo CD keeps its `Application`s in. */
export const DEFAULT_ARGOCD_NAMESPACE = 'argocd';
/** How long an Argo CD app may be Progressing before the `argocd` check warns. */
export const DEFAULT_ARGOCD_PROGRESSING_TIMEOUT: HumanDuration = {
  minutes: 10,
};

/** The settings of the TLS probes. */
export interface ProbeSettings {
  /** Hosts a probe may reach: these domains and their subdomains. */
  allowedDomains: string[];
  /** `host:port` to `address:port` overrides, like curl's `--resolve`. */
  resolve: ResolveEntry[];
  timeoutMs: number;
}

/** Where the `argocd` check reads Argo CD `Application`s. */
export interface ArgoCdSettings {
  /** The cluster that runs Argo CD; by default each instance's own. */
  cluster?: string;
  namespace: string;
  progressingTimeoutMs: number;
}

/** Which status changes notify an instance's owner. */
export interface NotificationSettings {
  /** A change to one of these statuses notifies; empty turns notifications off. */
  statuses: CheckStatus[];
}

/** Everything the plugin reads from `directory.*`. */
export interface DirectoryBackendConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  concurrency: number;
  /** `directory.totalConcurrency`: instances in flight over all clusters. */
  totalConcurrency: number;
  clusterTimeoutMs: number;
  svidLogLimitBytes: number;
  /** `directory.refresh.minInterval`; 0 lets every refresh poll. */
  refreshMinIntervalMs: number;
  /** `directory.namespaces.allowed`: patterns, `!` excludes. */
  allowedNamespaces: string[];
  probe: ProbeSettings;
  route53: Route53Settings;
  /** Days status transitions are kept (`directory.history.retentionDays`). */
  historyRetentionDays: number;
  notifications: NotificationSettings;
  argocd: ArgoCdSettings;
}

function readDurationMs(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): number {
  if (!config?.has(key)) {
    return durationToMilliseconds(fallback);
  }
  try {
    return durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (error) {
    throw new InputError(`Invalid config directory.${key}`, error);
  }
}

function readPositiveInteger(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(
      `Invalid config directory.${key}: must be a positive integer`,
    );
  }
  return value;
}

function readNamespacePatterns(config: Config | undefined): string[] {
  const patterns =
    config?.getOptionalStringArray('namespaces.allowed') ??
    DEFAULT_ALLOWED_NAMESPACES;
  const bad = patterns.find(
    p => !/^!?[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?$/.test(p),
  );
  if (bad !== undefined) {
    throw new InputError(
      `Invalid config directory.namespaces.allowed: "${bad}" is not a namespace pattern (lowercase letters, digits, '-' and '*', optionally after '!')`,
    );
  }
  return patterns;
}

/**
 * Reads the `directory` config block, with defaults; a bad value is an
 * `InputError` that names the key.
 */
export function readDirectoryBackendConfig(
  rootConfig: Config,
): DirectoryBackendConfig {
  const config = rootConfig.getOptionalConfig('directory');

  let schedule = DEFAULT_SCHEDULE;
  if (config?.has('schedule')) {
    try {
      schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('schedule'),
      );
    } catch (error) {
      throw new InputError('Invalid config directory.schedule', error);
    }
  }

  const probeConfig = config?.getOptionalConfig('probe');
  const allowedDomains = (
    probeConfig?.getOptionalStringArray('allowedDomains') ?? []
  ).map(domain =>
    domain
      .trim()
      .toLowerCase()
      .replace(/^\*?\./, '')
      .replace(/\.$/, ''),
  );
  if (allowedDomains.some(domain => domain.length === 0)) {
    throw new InputError(
      'Invalid config directory.probe.allowedDomains: empty domain',
    );
  }
  const resolve = (probeConfig?.getOptionalStringArray('resolve') ?? []).map(
    entry => {
      const parsed = parseResolveEntry(entry);
      if (!parsed) {
        throw new InputError(
          `Invalid config directory.probe.resolve entry "${entry}": expected host:port:address:port or host:port:address`,
        );
      }
      return parsed;
    },
  );

  const notificationStatuses =
    config?.getOptionalStringArray('notifications.statuses') ??
    DEFAULT_NOTIFICATION_STATUSES;
  const isCheckStatus = (value: string): value is CheckStatus =>
    (CHECK_STATUSES as readonly string[]).includes(value);
  const badStatus = notificationStatuses.find(s => !isCheckStatus(s));
  if (badStatus !== undefined) {
    throw new InputError(
      `Invalid config directory.notifications.statuses: "${badStatus}" is not one of ok, warning, error, unknown`,
    );
  }

  const scheduleTimeout = schedule.timeout;
  const scheduleTimeoutMs =
    'toMillis' in scheduleTimeout
      ? scheduleTimeout.toMillis()
      : durationToMilliseconds(scheduleTimeout);
  const defaultClusterTimeoutMs = Math.min(
    durationToMilliseconds(DEFAULT_CLUSTER_TIMEOUT),
    Math.floor(scheduleTimeoutMs * 0.9),
  );

  return {
    schedule,
    concurrency: readPositiveInteger(
      config,
      'concurrency',
      DEFAULT_CONCURRENCY,
    ),
    totalConcurrency: readPositiveInteger(
      config,
      'totalConcurrency',
      DEFAULT_TOTAL_CONCURRENCY,
    ),
    clusterTimeoutMs: readDurationMs(config, 'clusterTimeout', {
      milliseconds: defaultClusterTimeoutMs,
    }),
    svidLogLimitBytes: readPositiveInteger(
      config,
      'svid.logLimitBytes',
      DEFAULT_SVID_LOG_LIMIT_BYTES,
    ),
    allowedNamespaces: readNamespacePatterns(config),
    refreshMinIntervalMs: readDurationMs(
      config,
      'refresh.minInterval',
      DEFAULT_REFRESH_MIN_INTERVAL,
    ),
    probe: {
      allowedDomains,
      resolve,
      timeoutMs: readDurationMs(config, 'probe.timeout', DEFAULT_PROBE_TIMEOUT),
    },
    route53: readRoute53Settings(rootConfig),
    notifications: {
      statuses: notificationStatuses.filter(isCheckStatus),
    },
    argocd: {
      cluster: config?.getOptionalString('argocd.cluster') || undefined,
      namespace:
        config?.getOptionalString('argocd.namespace') ||
        DEFAULT_ARGOCD_NAMESPACE,
      progressingTimeoutMs: readDurationMs(
        config,
        'argocd.progressingTimeout',
        DEFAULT_ARGOCD_PROGRESSING_TIMEOUT,
      ),
    },
    historyRetentionDays: readPositiveInteger(
      config,
      'history.retentionDays',
      DEFAULT_HISTORY_RETENTION_DAYS,
    ),
  };
}
