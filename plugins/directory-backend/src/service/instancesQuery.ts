import { InputError } from '@backstage/errors';
import {
  CHECK_STATUSES,
  CheckStatus,
  compareStatusSeverity,
  INSTANCE_SORT_FIELDS,
  InstanceSortField,
  INSTANCES_DEFAULT_LIMIT,
  INSTANCES_MAX_LIMIT,
  InstancesPage,
  InstancesQuery,
  InstanceSummary,
} from '@directory-ops/plugin-directory-common';

/** The query parameters `GET /instances` accepts. */
const PARAMETERS = [
  'q',
  'status',
  'cluster',
  'profile',
  'owner',
  'sort',
  'order',
  'limit',
  'cursor',
] as const;

type RawQuery = Record<string, unknown>;

function single(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new InputError(`Query parameter ${name} must be given once`);
  }
  return value;
}

/** `a&a` and `a,b` both give several values. */
function several(query: RawQuery, name: string): string[] | undefined {
  const value = query[name];
  if (value === undefined || value === '') {
    return undefined;
  }
  const values = (Array.isArray(value) ? value : [value]).flatMap(v => {
    if (typeof v !== 'string') {
      throw new InputError(`Query parameter ${name} must be a string`);
    }
    return v.split(',');
  });
  const trimmed = values.map(v => v.trim()).filter(v => v.length > 0);
  return trimmed.length > 0 ? trimmed : undefined;
}

function oneOf<T extends string>(
  name: string,
  value: string,
  allowed: readonly T[],
): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(
      `Query parameter ${name} must be one of ${allowed.join(', ')}; got "${value}"`,
    );
  }
  return value as T;
}

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^o:(\d{1,9})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match) {
    throw new InputError(
      'Query parameter cursor must be the nextCursor of a previous answer',
    );
  }
  return Number(match[1]);
}

/**
 * Reads the query of `GET /instances`; an unknown parameter or a bad value
 * is an `InputError` that names the parameter and the rule.
 */
export function parseInstancesQuery(query: RawQuery): InstancesQuery {
  for (const name of Object.keys(query)) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      throw new InputError(
        `Unknown query parameter ${name}; expected one of ${PARAMETERS.join(', ')}`,
      );
    }
  }
  const q = single(query, 'q')?.trim();
  if (q !== undefined && q.length > 200) {
    throw new InputError('Query parameter q must be at most 200 characters');
  }
  const sort = single(query, 'sort');
  const order = single(query, 'order');
  const limit = single(query, 'limit');
  let limitValue: number | undefined;
  if (limit !== undefined) {
    limitValue = Number(limit);
    if (
      !/^\d+$/.test(limit) ||
      limitValue < 1 ||
      limitValue > INSTANCES_MAX_LIMIT
    ) {
      throw new InputError(
        `Query parameter limit must be an integer from 1 to ${INSTANCES_MAX_LIMIT}; got "${limit}"`,
      );
    }
  }
  const cursor = single(query, 'cursor');
  if (cursor !== undefined) {
    decodeCursor(cursor);
  }
  return {
    q: q || undefined,
    status: several(query, 'status')?.map(s =>
      oneOf('status', s, CHECK_STATUSES),
    ),
    cluster: several(query, 'cluster'),
    profile: several(query, 'profile'),
    owner: several(query, 'owner'),
    sort: sort === undefined ? undefined : oneOf('sort', sort, INSTANCE_SORT_FIELDS),
    order:
      order === undefined ? undefined : oneOf('order', order, ['asc', 'desc'] as const),
    limit: limitValue,
    cursor,
  };
}

function searchText(item: InstanceSummary): string {
  return [
    item.title,
    item.entityRef,
    item.trustDomain,
    item.cluster,
    item.namespace,
    item.owner,
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
}

function sortValue(
  item: InstanceSummary,
  field: Exclude<InstanceSortField, 'status'>,
): string | undefined {
  switch (field) {
    case 'profile':
      return item.federationProfile;
    default:
      return item[field];
  }
}

function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a.localeCompare(b);
}

function comparator(
  sort: InstanceSortField,
  order: 'asc' | 'desc',
): (a: InstanceSummary, b: InstanceSummary) => number {
  const direction = order === 'desc' ? -1 : 1;
  const byTitle = (a: InstanceSummary, b: InstanceSummary) =>
    a.title.localeCompare(b.title) || a.entityRef.localeCompare(b.entityRef);
  if (sort === 'status') {
    return (a, b) =>
      direction * compareStatusSeverity(a.status, b.status) || byTitle(a, b);
  }
  return (a, b) => {
    const va = sortValue(a, sort);
    const vb = sortValue(b, sort);
    // Missing values last, whatever the order.
    if (va === undefined || vb === undefined) {
      return compareOptional(va, vb) || byTitle(a, b);
    }
    return direction * va.localeCompare(vb) || byTitle(a, b);
  };
}

/** Filters, counts, sorts and pages the fleet for `GET /instances`. */
export function queryInstances(
  all: InstanceSummary[],
  query: InstancesQuery,
): InstancesPage {
  const terms = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const inList = (list: string[] | undefined, value: string | undefined) =>
    !list || (value !== undefined && list.includes(value));
  const matching = all.filter(item => {
    if (
      !inList(query.cluster, item.cluster) ||
      !inList(query.profile, item.federationProfile) ||
      !inList(query.owner, item.owner)
    ) {
      return false;
    }
    if (terms.length === 0) {
      return true;
    }
    const text = searchText(item);
    return terms.every(term => text.includes(term));
  });
  const counts = Object.fromEntries(
    CHECK_STATUSES.map(s => [s, 0]),
  ) as Record<CheckStatus, number>;
  for (const item of matching) {
    counts[item.status]++;
  }
  const filtered = query.status
    ? matching.filter(item => query.status!.includes(item.status))
    : matching;
  const sorted = filtered.sort(
    comparator(query.sort ?? 'status', query.order ?? 'asc'),
  );
  const offset = query.cursor ? decodeCursor(query.cursor) : 0;
  const limit = query.limit ?? INSTANCES_DEFAULT_LIMIT;
  const items = sorted.slice(offset, offset + limit);
  const next = offset + limit;
  const distinct = (values: Array<string | undefined>) =>
    [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
  return {
    items,
    totalCount: filtered.length,
    ...(next < filtered.length ? { nextCursor: encodeCursor(next) } : {}),
    counts,
    facets: {
      cluster: distinct(all.map(i => i.cluster)),
      profile: distinct(all.map(i => i.federationProfile)),
      owner: distinct(all.map(i => i.owner)),
    },
  };
}
