import { parseEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  Alert,
  Cell,
  CellText,
  ColumnConfig,
  Flex,
  Row,
  Select,
  Table,
  Text,
} from '@backstage/ui';
import {
  CHECK_STATUSES,
  CheckStatus,
  compareStatusSeverity,
  InstanceSummary,
} from '@directory-ops/plugin-directory-common';
import { useMemo, useState } from 'react';
import { useInstances } from '../../hooks/useInstances';
import { CHECK_STATUS_LABELS, CheckStatusIcon } from '../CheckStatusIcon';

const ALL = 'all';

interface FleetRow {
  id: string;
  name: string;
  href: string;
  instance: InstanceSummary;
}

const columns: ColumnConfig<FleetRow>[] = [
  {
    id: 'name',
    label: 'Name',
    isRowHeader: true,
    cell: row => <CellText title={row.instance.title} href={row.href} />,
  },
  {
    id: 'trustDomain',
    label: 'Trust domain',
    cell: row => <CellText title={row.instance.trustDomain ?? '—'} />,
  },
  {
    id: 'profile',
    label: 'Federation profile',
    cell: row => <CellText title={row.instance.federationProfile ?? '—'} />,
  },
  {
    id: 'cluster',
    label: 'Cluster',
    cell: row => <CellText title={row.instance.cluster ?? '—'} />,
  },
  {
    id: 'status',
    label: 'Status',
    cell: row => (
      <Cell>
        <CheckStatusIcon status={row.instance.status} />
      </Cell>
    ),
  },
  {
    id: 'checkedAt',
    label: 'Last check',
    cell: row => (
      <CellText
        title={
          row.instance.checkedAt
            ? new Date(row.instance.checkedAt).toLocaleString()
            : 'never'
        }
      />
    ),
  },
  {
    id: 'worstCheck',
    label: 'Worst check',
    cell: row => (
      <CellText
        title={row.instance.worstCheck?.summary ?? '—'}
        description={row.instance.worstCheck?.title}
      />
    ),
  },
];

/** Worst status first (error, warning, unknown, ok), then by title. */
function sortByStatus(instances: InstanceSummary[]): InstanceSummary[] {
  return [...instances].sort(
    (a, b) =>
      compareStatusSeverity(a.status, b.status) || a.title.localeCompare(b.title),
  );
}

function distinct(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
}

function FilterSelect(props: {
  label: string;
  allLabel: string;
  values: Array<{ id: string; label: string }>;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Select
      label={props.label}
      options={[{ id: ALL, label: props.allLabel }, ...props.values]}
      value={props.value}
      onChange={value =>
        props.onChange(typeof value === 'string' ? value : ALL)
      }
      style={{ minWidth: '12rem' }}
    />
  );
}

/** The instances of the fleet in one table, with filters. */
export function DirectoryFleetTable() {
  const { instances, loading, error } = useInstances();
  const entityRoute = useRouteRef(entityRouteRef);
  const [status, setStatus] = useState(ALL);
  const [cluster, setCluster] = useState(ALL);
  const [profile, setProfile] = useState(ALL);

  const rows = useMemo<FleetRow[]>(
    () =>
      sortByStatus(instances ?? [])
        .filter(i => status === ALL || i.status === status)
        .filter(i => cluster === ALL || i.cluster === cluster)
        .filter(i => profile === ALL || i.federationProfile === profile)
        .map(instance => ({
          id: instance.entityRef,
          name: parseEntityRef(instance.entityRef).name,
          href: entityRoute(entityRouteParams(instance.entityRef)),
          instance,
        })),
    [instances, status, cluster, profile, entityRoute],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <ResponseErrorPanel
        title="The Directory backend could not be reached"
        error={error}
      />
    );
  }
  if (!instances || instances.length === 0) {
    return (
      <Alert
        status="info"
        icon
        title="No Directory instances yet"
        description="Register a Resource entity with spec.type agntcy-directory, or create one from the Directory production template."
      />
    );
  }

  return (
    <Flex direction="column" gap="4">
      <Flex gap="3" align="end" data-testid="directory-fleet-filters">
        <FilterSelect
          label="Status"
          allLabel="All statuses"
          values={CHECK_STATUSES.map((s: CheckStatus) => ({
            id: s,
            label: CHECK_STATUS_LABELS[s],
          }))}
          value={status}
          onChange={setStatus}
        />
        <FilterSelect
          label="Cluster"
          allLabel="All clusters"
          values={distinct(instances.map(i => i.cluster)).map(c => ({
            id: c,
            label: c,
          }))}
          value={cluster}
          onChange={setCluster}
        />
        <FilterSelect
          label="Federation profile"
          allLabel="All profiles"
          values={distinct(instances.map(i => i.federationProfile)).map(p => ({
            id: p,
            label: p,
          }))}
          value={profile}
          onChange={setProfile}
        />
      </Flex>
      <Table<FleetRow>
        columnConfig={columns}
        data={rows}
        pagination={{ type: 'none' }}
        emptyState={<Text>No instance matches the filters.</Text>}
        rowConfig={({ item }) => (
          <Row
            id={item.id}
            columns={columns}
            href={item.href}
            data-testid={`directory-fleet-row-${item.name}`}
            data-status={item.instance.status}
          >
            {column => column.cell(item)}
          </Row>
        )}
      />
    </Flex>
  );
}
