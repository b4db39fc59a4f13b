/**
 * The query and answer of `GET /api/directory/instances`, shared by the
 * backend that filters, sorts and pages the fleet and the frontend that
 * keeps the query in the page URL.
 */
import { CheckStatus, InstanceSummary } from './health';

/** The columns `GET /instances` sorts on. @public */
export const INSTANCE_SORT_FIELDS = [
  'status',
  'title',
  'trustDomain',
  'profile',
  'cluster',
  'namespace',
  'owner',
  'checkedAt',
  'since',
] as const;

/** @public */
export type InstanceSortField = (typeof INSTANCE_SORT_FIELDS)[number];

/** The most items one page of `GET /instances` holds. @public */
export const INSTANCES_MAX_LIMIT = 500;

/** Items per page when `limit` is not given. @public */
export const INSTANCES_DEFAULT_LIMIT = 50;

/**
 * The query of `GET /instances`. Every field is optional; `status`,
 * `cluster`, `profile` and `owner` take one value or several (any of them).
 * @public
 */
export interface InstancesQuery {
  /** Free text, case-insensitive, over title, trust domain, cluster, namespace and owner. */
  q?: string;
  status?: CheckStatus[];
  cluster?: string[];
  profile?: string[];
  owner?: string[];
  /** Default `status` (worst first), then title. */
  sort?: InstanceSortField;
  /** Default `asc`; for `status`, `asc` means worst first. */
  order?: 'asc' | 'desc';
  /** Items per page, 1 to {@link INSTANCES_MAX_LIMIT}; default {@link INSTANCES_DEFAULT_LIMIT}. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** `GET /instances` answer. @public */
export interface InstancesPage {
  items: InstanceSummary[];
  /** How many instances match the query, over all pages. */
  totalCount: number;
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
  /**
   * Instances per status among those that match every filter except
   * `status`, so status counters can be shown next to the status filter.
   */
  counts: Record<CheckStatus, number>;
  /** The values the `cluster`, `profile` and `owner` filters can take, over the whole fleet. */
  facets: { cluster: string[]; profile: string[]; owner: string[] };
}

/**
 * `GET /domains/usage?trustDomain=&baseDomain=` answer: whether a trust domain or base domain
 * is already taken by a Directory instance in the catalog.
 * @public
 */
export interface DomainUsage {
  /** The instances that use the trust domain (empty when it is free). */
  trustDomain?: { value: string; usedBy: Array<{ entityRef: string; title: string }> };
  /** The instances that use the base domain (empty when it is free). */
  baseDomain?: { value: string; usedBy: Array<{ entityRef: string; title: string }> };
}
