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
}

/** `GET /health` and `POST /health/refresh` answer. @public */
export interface InstanceHealth {
  entityRef: string;
  status: CheckStatus;
  /** ISO 8601 time of the last poll, absent before the first. */
  checkedAt?: string;
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
  /** The summary of the worst check, when there is one. */
  worstCheck?: {
    id: CheckId;
    title: string;
    status: CheckStatus;
    summary: string;
  };
}

/** `GET /health/history` answer, newest first. @public */
export interface InstanceHealthHistory {
  entityRef: string;
  items: Array<{ status: CheckStatus; checkedAt: string; checks: CheckResult[] }>;
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
