/**
 * The shape of health results, shared by the backend that computes them and
 * the frontend that shows them.
 */

/**
 * The id of a check: one of the built-in checks (`svid`, `tls-passthrough`,
 * `cronjobs`, `pvcs`, `rollout`, `config-drift`, `dns`) or one a backend
 * module added.
 * @public
 */
export type CheckId = string;

/** @public */
export const CHECK_STATUSES = ['ok', 'warning', 'error', 'unknown'] as const;

/**
 * `unknown` means the check could not tell (cluster unreachable, 403,
 * timeout); its summary always says why.
 * @public
 */
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** What a check decides about one instance. @public */
export interface CheckOutcome {
  status: CheckStatus;
  summary: string;
  remediation?: string;
  details?: Record<string, unknown>;
}

/** The result of one check on one instance. @public */
export interface CheckResult extends CheckOutcome {
  id: CheckId;
  /** The check's title, as its module registered it. */
  title: string;
  /** ISO 8601 time the check observed the state. */
  observedAt: string;
  /** ISO 8601 time the check entered its current status (from the stored transitions). */
  since?: string;
}

/** `GET /health` and `POST /health/refresh` answer. @public */
export interface InstanceHealth {
  entityRef: string;
  status: CheckStatus;
  /** ISO 8601 time of the last poll, absent before the first. */
  checkedAt?: string;
  /** ISO 8601 time the instance entered its current status. */
  since?: string;
  checks: CheckResult[];
}

/** One row of `GET /instances`. @public */
export interface InstanceSummary {
  entityRef: string;
  title: string;
  trustDomain?: string;
  federationProfile?: string;
  cluster?: string;
  namespace?: string;
  status: CheckStatus;
  checkedAt?: string;
  /** The summary of the worst check, when the instance is not ok. */
  worstCheck?: {
    id: CheckId;
    title: string;
    status: CheckStatus;
    summary: string;
  };
  /** The entity's `spec.owner`. */
  owner?: string;
  /** ISO 8601 time the instance entered its current status. */
  since?: string;
  /** Every check of the last poll, in check order. */
  checks?: InstanceCheckSummary[];
  /** The discovery provider found it in a cluster; no catalog file in Git describes it. */
  discovered?: boolean;
}

/** One check of an instance in `GET /instances`. @public */
export interface InstanceCheckSummary {
  id: CheckId;
  title: string;
  status: CheckStatus;
  summary: string;
}

/**
 * One status change of a check, or of the instance as a whole.
 * @public
 */
export interface HealthTransition {
  /** The check that changed; absent for the instance's own status. */
  checkId?: string;
  status: CheckStatus;
  /** The status before; absent for the first status ever recorded. */
  previousStatus?: CheckStatus;
  /** The check's summary (or the worst check's, for the instance) at that time. */
  summary?: string;
  /** ISO 8601 time of the change. */
  at: string;
}

/**
 * `GET /health/history?entityRef=&from=&to=` answer: the transitions in the
 * window, newest first. The window defaults to the last 24 hours.
 * @public
 */
export interface InstanceHealthHistory {
  entityRef: string;
  /** ISO 8601 start of the window. */
  from: string;
  /** ISO 8601 end of the window. */
  to: string;
  items: HealthTransition[];
}

const SEVERITY: Record<CheckStatus, number> = {
  ok: 0,
  unknown: 1,
  warning: 2,
  error: 3,
};

/**
 * Orders statuses from worst to best: error, warning, unknown, ok.
 * @public
 */
export function compareStatusSeverity(a: CheckStatus, b: CheckStatus): number {
  return SEVERITY[b] - SEVERITY[a];
}

/**
 * An instance's status is its worst check; with no checks it is `unknown`.
 * @public
 */
export function worstStatus(statuses: CheckStatus[]): CheckStatus {
  if (statuses.length === 0) {
    return 'unknown';
  }
  return statuses.reduce((worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst));
}

/**
 * The worst check of a result set (first in check order on ties).
 * @public
 */
export function worstCheck(checks: CheckResult[]): CheckResult | undefined {
  return checks.reduce<CheckResult | undefined>(
    (worst, c) => (!worst || SEVERITY[c.status] > SEVERITY[worst.status] ? c : worst),
    undefined,
  );
}
