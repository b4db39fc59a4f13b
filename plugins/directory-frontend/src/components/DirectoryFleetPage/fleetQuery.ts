import {
  CHECK_STATUSES,
  CheckStatus,
  INSTANCE_SORT_FIELDS,
  InstanceSortField,
  InstancesQuery,
} from '@directory-ops/plugin-directory-common';

/** How the fleet is shown: a table of instances or a grid of instances × checks. */
export type FleetView = 'table' | 'grid';

/** Everything the fleet page keeps in its URL. */
export interface FleetUrlState {
  query: InstancesQuery;
  view: FleetView;
}

const list = (value: string | null) =>
  value ? value.split(',').filter(Boolean) : undefined;

/** Reads the page's query from `?status=error&q=globex&sort=title…`. */
export function readFleetUrl(params: URLSearchParams): FleetUrlState {
  const sort = params.get('sort');
  const order = params.get('order');
  const limit = Number(params.get('limit'));
  return {
    query: {
      q: params.get('q') || undefined,
      status: list(params.get('status'))?.filter((s): s is CheckStatus =>
        (CHECK_STATUSES as readonly string[]).includes(s),
      ),
      cluster: list(params.get('cluster')),
      profile: list(params.get('profile')),
      owner: list(params.get('owner')),
      sort: (INSTANCE_SORT_FIELDS as readonly string[]).includes(sort ?? '')
        ? (sort as InstanceSortField)
        : undefined,
      order: order === 'asc' || order === 'desc' ? order : undefined,
      limit: Number.isInteger(limit) && limit > 0 && limit <= 500 ? limit : undefined,
      cursor: params.get('cursor') || undefined,
    },
    view: params.get('view') === 'grid' ? 'grid' : 'table',
  };
}

/** The URL search of a page state; empty values are left out. */
export function writeFleetUrl(state: FleetUrlState): URLSearchParams {
  const params = new URLSearchParams();
  const { query } = state;
  if (query.q) params.set('q', query.q);
  for (const name of ['status', 'cluster', 'profile', 'owner'] as const) {
    const values = query[name];
    if (values && values.length > 0) params.set(name, values.join(','));
  }
  if (query.sort) params.set('sort', query.sort);
  if (query.order) params.set('order', query.order);
  if (query.limit) params.set('limit', String(query.limit));
  if (query.cursor) params.set('cursor', query.cursor);
  if (state.view === 'grid') params.set('view', 'grid');
  return params;
}
