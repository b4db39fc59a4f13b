import { ResponseErrorPanel, Progress } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { Alert, Button, Flex, Link, Select, Text } from '@backstage/ui';
import {
  CHECK_STATUSES,
  CheckStatus,
  InstanceSortField,
  InstancesQuery,
  InstanceSummary,
} from '@directory-ops/plugin-directory-common';
import { CSSProperties, ReactNode, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useInstances } from '../../hooks/useInstances';
import { CHECK_STATUS_LABELS, CheckStatusIcon } from '../CheckStatusIcon';
import { RelativeTime, SinceTime, useNow } from '../RelativeTime';
import { FleetView, readFleetUrl, writeFleetUrl } from './fleetQuery';

const ALL = 'all';
const STATUS_COLORS: Record<CheckStatus, string> = {
  ok: '#2e7d32',
  warning: '#ed6c02',
  error: '#d32f2f',
  unknown: '#9e9e9e',
};

const cellStyle: CSSProperties = {
  padding: '8px 10px',
  verticalAlign: 'top',
  borderBottom: '1px solid var(--bui-border, #e0e0e0)',
  textAlign: 'left',
  overflowWrap: 'anywhere',
};

interface Column {
  id: string;
  label: string;
  sort: InstanceSortField;
  width?: string;
  cell(item: InstanceSummary, ctx: { href: string; now: Date }): ReactNode;
}

function failingChecks(item: InstanceSummary) {
  return (item.checks ?? []).filter(
    c => c.status === 'error' || c.status === 'warning',
  );
}

const COLUMNS: Column[] = [
  {
    id: 'name',
    label: 'Instance',
    sort: 'title',
    width: '16%',
    cell: (item, { href }) => (
      <Flex direction="column" gap="1">
        <Link href={href} data-testid="directory-fleet-link">
          {item.title}
        </Link>
        {item.discovered && (
          <span
            data-testid="directory-fleet-discovered"
            title="Found running in a cluster; no catalog file in Git describes it. Open it to see how to register it."
            style={{
              alignSelf: 'flex-start',
              fontSize: '0.7rem',
              padding: '1px 6px',
              borderRadius: 8,
              background: '#fff3e0',
              color: '#8a4b00',
            }}
          >
            discovered, not in Git
          </span>
        )}
      </Flex>
    ),
  },
  {
    id: 'status',
    label: 'Status',
    sort: 'status',
    width: '11%',
    cell: (item, { now }) => (
      <Flex direction="column" gap="0">
        <CheckStatusIcon status={item.status} />
        {item.since && (
          <Text variant="body-x-small" color="secondary">
            since <SinceTime iso={item.since} now={now} />
          </Text>
        )}
      </Flex>
    ),
  },
  {
    id: 'failing',
    label: 'Failing checks',
    sort: 'status',
    width: '29%',
    cell: item => {
      const failing = failingChecks(item);
      if (failing.length === 0) {
        return item.status === 'unknown' && item.worstCheck ? (
          <Text variant="body-small" color="secondary">
            {item.worstCheck.title}: {item.worstCheck.summary}
          </Text>
        ) : null;
      }
      return (
        <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }}>
          {failing.map(check => (
            <li
              key={check.id}
              data-testid={`directory-fleet-failing-${check.id}`}
              title={`${check.title}: ${check.summary}`}
              style={{ marginBottom: 4 }}
            >
              <span
                style={{
                  display: 'inline-block',
                  width: 8,
                  height: 8,
                  borderRadius: 4,
                  marginRight: 6,
                  background: STATUS_COLORS[check.status],
                }}
              />
              <Text variant="body-small" weight="bold">
                {check.title}
              </Text>{' '}
              <Text variant="body-small">{check.summary}</Text>
            </li>
          ))}
        </ul>
      );
    },
  },
  {
    id: 'trustDomain',
    label: 'Trust domain',
    sort: 'trustDomain',
    width: '11%',
    cell: item => <Text variant="body-small">{item.trustDomain ?? '—'}</Text>,
  },
  {
    id: 'profile',
    label: 'Profile',
    sort: 'profile',
    width: '10%',
    cell: item => <Text variant="body-small">{item.federationProfile ?? '—'}</Text>,
  },
  {
    id: 'cluster',
    label: 'Cluster / namespace',
    sort: 'cluster',
    width: '11%',
    cell: item => (
      <Flex direction="column" gap="0">
        <Text variant="body-small">{item.cluster ?? '—'}</Text>
        <Text variant="body-x-small" color="secondary">
          {item.namespace}
        </Text>
      </Flex>
    ),
  },
  {
    id: 'owner',
    label: 'Owner',
    sort: 'owner',
    width: '7%',
    cell: item => (
      <Text variant="body-small">{item.owner?.replace(/^group:default\//, '') ?? '—'}</Text>
    ),
  },
  {
    id: 'checkedAt',
    label: 'Last check',
    sort: 'checkedAt',
    width: '7%',
    cell: (item, { now }) => (
      <Text variant="body-small">
        {item.checkedAt ? <RelativeTime iso={item.checkedAt} now={now} /> : 'never'}
      </Text>
    ),
  },
];

function FilterSelect(props: {
  label: string;
  allLabel: string;
  values: string[];
  value?: string[];
  onChange: (value: string[] | undefined) => void;
}) {
  return (
    <Select
      label={props.label}
      options={[
        { id: ALL, label: props.allLabel },
        ...props.values.map(v => ({ id: v, label: v })),
      ]}
      value={props.value?.[0] ?? ALL}
      onChange={value =>
        props.onChange(
          typeof value === 'string' && value !== ALL ? [value] : undefined,
        )
      }
      style={{ minWidth: '11rem' }}
    />
  );
}

/** The text field, applied to the URL a moment after the user stops typing. */
function SearchBox(props: { value?: string; onChange: (q?: string) => void }) {
  const [text, setText] = useState(props.value ?? '');
  const { value, onChange } = props;
  useEffect(() => setText(value ?? ''), [value]);
  useEffect(() => {
    if (text === (value ?? '')) return undefined;
    const timer = setTimeout(() => onChange(text.trim() || undefined), 250);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <label style={{ display: 'flex', flexDirection: 'column', gap: 4, flex: 1, minWidth: '16rem' }}>
      <Text variant="body-small" weight="bold">
        Search
      </Text>
      <input
        type="search"
        data-testid="directory-fleet-search"
        placeholder="Title, trust domain, cluster, namespace or owner"
        value={text}
        onChange={e => setText(e.target.value)}
        style={{
          font: 'inherit',
          padding: '7px 10px',
          border: '1px solid var(--bui-border, #bbb)',
          borderRadius: 4,
        }}
      />
    </label>
  );
}

function describeFilters(query: InstancesQuery): string {
  const parts: string[] = [];
  if (query.status) parts.push(`status ${query.status.map(s => CHECK_STATUS_LABELS[s]).join(' or ')}`);
  if (query.q) parts.push(`search "${query.q}"`);
  if (query.cluster) parts.push(`cluster ${query.cluster.join(' or ')}`);
  if (query.profile) parts.push(`profile ${query.profile.join(' or ')}`);
  if (query.owner) parts.push(`owner ${query.owner.join(' or ')}`);
  return parts.join(', ');
}

function Grid(props: { items: InstanceSummary[]; hrefOf: (i: InstanceSummary) => string }) {
  const checkColumns = useMemo(() => {
    const seen = new Map<string, string>();
    for (const item of props.items) {
      for (const check of item.checks ?? []) {
        if (!seen.has(check.id)) seen.set(check.id, check.title);
      }
    }
    return [...seen];
  }, [props.items]);
  return (
    <table data-testid="directory-fleet-grid" style={{ borderCollapse: 'collapse', width: '100%' }}>
      <thead>
        <tr>
          <th style={cellStyle}>Instance</th>
          {checkColumns.map(([id, title]) => (
            <th key={id} style={{ ...cellStyle, fontSize: '0.8rem' }}>
              {title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.items.map(item => (
          <tr key={item.entityRef} data-testid={`directory-grid-row-${item.title}`}>
            <td style={cellStyle}>
              <Link href={props.hrefOf(item)}>{item.title}</Link>
            </td>
            {checkColumns.map(([id]) => {
              const check = item.checks?.find(c => c.id === id);
              return (
                <td
                  key={id}
                  style={{ ...cellStyle, textAlign: 'center' }}
                  title={check ? `${check.title}: ${check.summary}` : 'Not checked'}
                  data-status={check?.status ?? 'none'}
                  data-testid={`directory-grid-cell-${id}`}
                >
                  <span
                    aria-label={check ? CHECK_STATUS_LABELS[check.status] : 'not checked'}
                    style={{
                      display: 'inline-block',
                      width: 18,
                      height: 18,
                      borderRadius: 3,
                      background: check ? STATUS_COLORS[check.status] : 'transparent',
                      border: check ? 'none' : '1px dashed #bbb',
                    }}
                  />
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The fleet: status counters, search, filters, sort and paging kept in the
 * URL (`/directory?status=error&q=globex`), a table or a grid of instances ×
 * checks, reloaded in the background.
 */
export function DirectoryFleetTable() {
  const [params, setParams] = useSearchParams();
  const { query, view } = useMemo(() => readFleetUrl(params), [params]);
  const { page, loading, error, reload } = useInstances(query);
  const entityRoute = useRouteRef(entityRouteRef);
  const now = useNow();
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());

  const update = (change: Partial<InstancesQuery>, nextView: FleetView = view) => {
    // Any change but paging starts again from the first page.
    const keepCursor = 'cursor' in change;
    if (!keepCursor) setCursors([]);
    setParams(
      writeFleetUrl({
        query: { ...query, ...(keepCursor ? {} : { cursor: undefined }), ...change },
        view: nextView,
      }),
    );
  };
  const hrefOf = (item: InstanceSummary) =>
    entityRoute(entityRouteParams(item.entityRef));

  if (!page && loading) {
    return <Progress />;
  }
  if (error || !page) {
    return (
      <ResponseErrorPanel
        title="The Directory backend could not be reached"
        error={error ?? new Error('No answer')}
      />
    );
  }
  const filtered = Boolean(
    query.q || query.status || query.cluster || query.profile || query.owner,
  );
  const fleetSize = CHECK_STATUSES.reduce((n, s) => n + page.counts[s], 0);
  if (!filtered && fleetSize === 0) {
    return (
      <Alert
        status="info"
        icon
        title="No Directory instances yet"
        description="Register a Resource entity with spec.type agntcy-directory, or create one from the Production AGNTCY Directory template."
      />
    );
  }

  const limit = query.limit ?? 50;
  const offset = cursors.length * limit;
  const sortField = query.sort ?? 'status';
  const order = query.order ?? 'asc';

  return (
    <Flex direction="column" gap="3" data-testid="directory-fleet">
      <Flex gap="2" align="center" data-testid="directory-fleet-counters" style={{ flexWrap: 'wrap' }}>
        <Button
          size="small"
          variant={!query.status ? 'primary' : 'secondary'}
          onPress={() => update({ status: undefined })}
          data-testid="directory-count-all"
        >
          All {fleetSize}
        </Button>
        {(['error', 'warning', 'unknown', 'ok'] as CheckStatus[]).map(status => (
          <Button
            key={status}
            size="small"
            variant={query.status?.includes(status) ? 'primary' : 'secondary'}
            data-testid={`directory-count-${status}`}
            onPress={() =>
              update({ status: query.status?.includes(status) ? undefined : [status] })
            }
          >
            <span
              style={{
                display: 'inline-block',
                width: 10,
                height: 10,
                borderRadius: 5,
                marginRight: 6,
                background: STATUS_COLORS[status],
              }}
            />
            {CHECK_STATUS_LABELS[status]} {page.counts[status]}
          </Button>
        ))}
        <span style={{ flex: 1 }} />
        <Button
          size="small"
          variant={view === 'table' ? 'primary' : 'secondary'}
          onPress={() => update({}, 'table')}
          data-testid="directory-view-table"
        >
          Table
        </Button>
        <Button
          size="small"
          variant={view === 'grid' ? 'primary' : 'secondary'}
          onPress={() => update({}, 'grid')}
          data-testid="directory-view-grid"
        >
          Checks grid
        </Button>
      </Flex>
      <Flex gap="3" align="end" data-testid="directory-fleet-filters" style={{ flexWrap: 'wrap' }}>
        <SearchBox value={query.q} onChange={q => update({ q })} />
        <FilterSelect
          label="Cluster"
          allLabel="All clusters"
          values={page.facets.cluster}
          value={query.cluster}
          onChange={cluster => update({ cluster })}
        />
        <FilterSelect
          label="Federation profile"
          allLabel="All profiles"
          values={page.facets.profile}
          value={query.profile}
          onChange={profile => update({ profile })}
        />
        <FilterSelect
          label="Owner"
          allLabel="All owners"
          values={page.facets.owner}
          value={query.owner}
          onChange={owner => update({ owner })}
        />
      </Flex>
      {page.totalCount === 0 ? (
        <Alert
          status="info"
          icon
          data-testid="directory-fleet-empty"
          title={`No instance matches ${describeFilters(query)}.`}
          description={
            <Button size="small" variant="secondary" onPress={() => setParams(new URLSearchParams())}>
              Clear the filters
            </Button>
          }
        />
      ) : (
        <>
          <Flex gap="3" align="center" justify="between">
            <Text variant="body-small" data-testid="directory-fleet-range">
              {offset + 1}–{offset + page.items.length} of {page.totalCount}
              {loading ? ' · loading…' : ''}
            </Text>
            {selected.size > 0 && (
              <Flex gap="2" align="center">
                <Text variant="body-small">{selected.size} selected</Text>
                <Button size="small" variant="tertiary" onPress={() => setSelected(new Set())}>
                  Clear selection
                </Button>
              </Flex>
            )}
            <Flex gap="2">
              <Button
                size="small"
                variant="secondary"
                isDisabled={cursors.length === 0}
                onPress={() => {
                  const previous = cursors.slice(0, -1);
                  setCursors(previous);
                  update({ cursor: previous[previous.length - 1] });
                }}
              >
                Previous
              </Button>
              <Button
                size="small"
                variant="secondary"
                isDisabled={!page.nextCursor}
                data-testid="directory-fleet-next"
                onPress={() => {
                  setCursors([...cursors, page.nextCursor!]);
                  update({ cursor: page.nextCursor });
                }}
              >
                Next
              </Button>
              <Button size="small" variant="tertiary" onPress={reload}>
                Reload
              </Button>
            </Flex>
          </Flex>
          {view === 'grid' ? (
            <Grid items={page.items} hrefOf={hrefOf} />
          ) : (
            <table
              data-testid="directory-fleet-table"
              style={{ borderCollapse: 'collapse', width: '100%', tableLayout: 'fixed' }}
            >
              <thead>
                <tr>
                  <th style={{ ...cellStyle, width: '2.2rem' }}>
                    <input
                      type="checkbox"
                      aria-label="Select every instance on this page"
                      checked={page.items.length > 0 && page.items.every(i => selected.has(i.entityRef))}
                      onChange={e =>
                        setSelected(
                          e.target.checked ? new Set(page.items.map(i => i.entityRef)) : new Set(),
                        )
                      }
                    />
                  </th>
                  {COLUMNS.map(column => {
                    const active = sortField === column.sort && column.id !== 'failing';
                    const ascending = order === 'asc';
                    let ariaSort: 'ascending' | 'descending' | 'none' = 'none';
                    if (active) ariaSort = ascending ? 'ascending' : 'descending';
                    let arrow = '';
                    if (active) arrow = ascending ? ' ▲' : ' ▼';
                    return (
                      <th
                        key={column.id}
                        style={{ ...cellStyle, width: column.width }}
                        aria-sort={ariaSort}
                      >
                        <button
                          type="button"
                          data-testid={`directory-sort-${column.id}`}
                          onClick={() =>
                            update({
                              sort: column.sort,
                              order: sortField === column.sort && order === 'asc' ? 'desc' : 'asc',
                            })
                          }
                          style={{
                            all: 'unset',
                            cursor: 'pointer',
                            fontWeight: 600,
                            fontSize: '0.8125rem',
                          }}
                        >
                          {column.label}
                          {arrow}
                        </button>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {page.items.map(item => {
                  const href = hrefOf(item);
                  return (
                    <tr
                      key={item.entityRef}
                      data-testid={`directory-fleet-row-${item.entityRef.replace(/^.*\//, '')}`}
                      data-status={item.status}
                      style={selected.has(item.entityRef) ? { background: 'rgba(25,118,210,0.08)' } : undefined}
                    >
                      <td style={cellStyle}>
                        <input
                          type="checkbox"
                          aria-label={`Select ${item.title}`}
                          checked={selected.has(item.entityRef)}
                          onChange={e => {
                            const next = new Set(selected);
                            if (e.target.checked) next.add(item.entityRef);
                            else next.delete(item.entityRef);
                            setSelected(next);
                          }}
                        />
                      </td>
                      {COLUMNS.map(column => (
                        <td key={column.id} style={cellStyle}>
                          {column.cell(item, { href, now })}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </Flex>
  );
}
