import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Text,
} from '@backstage/ui';
import {
  CheckResult,
  DirectoryInstance,
  directoryInstanceRefreshPermission,
  isDiscoveredInstanceEntity,
  readDirectoryInstance,
} from '@directory-ops/plugin-directory-common';
import { ReactNode, useState } from 'react';
import { useHealthHistory } from '../../hooks/useHealthHistory';
import { useInstanceHealth } from '../../hooks/useInstanceHealth';
import { CHECK_STATUS_LABELS, CheckStatusIcon } from '../CheckStatusIcon';
import { RelativeTime, SinceTime, useNow } from '../RelativeTime';
import { CheckList, isFailing } from './CheckList';
import { DeploymentDetails } from './DeploymentDetails';
import { DiscoveredNotice } from './DiscoveredNotice';
import { FederationDetails } from './FederationDetails';

const CARD_TITLE = 'Directory deployment';

function CardFrame(props: { headerExtra?: ReactNode; children: ReactNode }) {
  return (
    <Card data-testid="directory-deployment-card">
      <CardHeader>
        <Flex justify="between" align="center" gap="2">
          <Text variant="title-small" as="h2">
            {CARD_TITLE}
          </Text>
          {props.headerExtra}
        </Flex>
      </CardHeader>
      <CardBody>{props.children}</CardBody>
    </Card>
  );
}

function RefreshButton(props: {
  entityRef: string;
  onRefresh: () => void;
  refreshing: boolean;
}) {
  const { allowed } = usePermission({
    permission: directoryInstanceRefreshPermission,
    resourceRef: props.entityRef,
  });
  if (!allowed) {
    return null;
  }
  return (
    <Button
      size="small"
      variant="secondary"
      isPending={props.refreshing}
      onPress={props.onRefresh}
    >
      Refresh now
    </Button>
  );
}

const HISTORY_WINDOWS = [
  { id: '24h', label: '24 h', ms: 24 * 60 * 60 * 1000 },
  { id: '7d', label: '7 days', ms: 7 * 24 * 60 * 60 * 1000 },
] as const;

/** "2 of 7 checks failing", or "All 7 checks pass". */
export function failingCountText(checks: CheckResult[]): string {
  const failing = checks.filter(isFailing).length;
  const unknown = checks.filter(c => c.status === 'unknown').length;
  if (failing > 0) {
    return `${failing} of ${checks.length} check${checks.length === 1 ? '' : 's'} failing`;
  }
  if (unknown > 0) {
    return `${unknown} of ${checks.length} check${checks.length === 1 ? '' : 's'} could not tell`;
  }
  return `All ${checks.length} check${checks.length === 1 ? '' : 's'} pass`;
}

function InstanceHealthCard(props: {
  instance: DirectoryInstance;
  discovered: boolean;
}) {
  const { instance, discovered } = props;
  const { health, loading, error, refresh, refreshing, refreshError } =
    useInstanceHealth(instance.entityRef);
  const [refreshedAt, setRefreshedAt] = useState<string>();
  const [windowId, setWindowId] =
    useState<(typeof HISTORY_WINDOWS)[number]['id']>('24h');
  const windowMs = HISTORY_WINDOWS.find(w => w.id === windowId)!.ms;
  const { history } = useHealthHistory(
    instance.entityRef,
    windowMs,
    health?.checkedAt,
  );
  const now = useNow();

  const onRefresh = () => {
    setRefreshedAt(undefined);
    refresh().then(
      result => setRefreshedAt(result.checkedAt),
      () => undefined,
    );
  };

  const headerExtra = (
    <Flex gap="3" align="center">
      {health && (
        <span
          data-testid="directory-overall-status"
          data-status={health.status}
        >
          <CheckStatusIcon status={health.status} />
        </span>
      )}
      {health?.checkedAt && (
        <Text
          variant="body-medium"
          weight="bold"
          data-testid="directory-failing-count"
        >
          {failingCountText(health.checks)}
        </Text>
      )}
      {!loading && !error && (
        <RefreshButton
          entityRef={instance.entityRef}
          onRefresh={onRefresh}
          refreshing={refreshing}
        />
      )}
    </Flex>
  );

  let checks: ReactNode;
  if (loading) {
    checks = <Progress />;
  } else if (error) {
    checks = (
      <ResponseErrorPanel
        title="The Directory backend could not be reached"
        error={error}
      />
    );
  } else if (!health?.checkedAt) {
    checks = (
      <Alert
        status="info"
        icon
        title="Never checked yet"
        description="The instance has not been polled yet; its checks appear after the first poll."
      />
    );
  } else {
    const to = now.getTime();
    checks = (
      <CheckList
        instance={instance}
        checks={health.checks}
        now={now}
        history={
          history && {
            transitions: history.items,
            window: { from: to - windowMs, to },
          }
        }
      />
    );
  }

  return (
    <CardFrame headerExtra={headerExtra}>
      <Flex direction="column" gap="3">
        {discovered && <DiscoveredNotice instance={instance} />}
        {health?.checkedAt && (
          <Flex gap="4" align="baseline" justify="between" style={{ flexWrap: 'wrap' }}>
            <Text variant="body-small" data-testid="directory-status-since">
              {health.since ? (
                <>
                  <strong>{CHECK_STATUS_LABELS[health.status]}</strong> since{' '}
                  <SinceTime iso={health.since} now={now} />
                  {' · '}
                </>
              ) : null}
              Last check <RelativeTime iso={health.checkedAt} now={now} />
            </Text>
            <Flex gap="1" align="center" data-testid="directory-history-window">
              <Text variant="body-x-small" color="secondary">
                Timeline
              </Text>
              {HISTORY_WINDOWS.map(w => (
                <Button
                  key={w.id}
                  size="small"
                  variant={w.id === windowId ? 'secondary' : 'tertiary'}
                  aria-pressed={w.id === windowId}
                  onPress={() => setWindowId(w.id)}
                >
                  {w.label}
                </Button>
              ))}
            </Flex>
          </Flex>
        )}
        {refreshing && (
          <Text variant="body-small" data-testid="directory-refresh-progress">
            Running the checks of {instance.entityRef}…
          </Text>
        )}
        {!refreshing && refreshedAt && health && (
          <Alert
            status={health.status === 'ok' ? 'success' : 'info'}
            icon
            data-testid="directory-refresh-result"
            title={`Checked just now: ${failingCountText(health.checks)}`}
          />
        )}
        {refreshError && (
          <Alert
            status="danger"
            icon
            title="Refresh failed"
            description={refreshError.message}
          />
        )}
        {checks}
        <details data-testid="directory-deployment-facts">
          <summary style={{ cursor: 'pointer' }}>
            <Text variant="title-x-small" as="span">
              Deployment and federation
            </Text>{' '}
            <Text variant="body-small" color="secondary" as="span">
              {instance.cluster} / {instance.namespace} · {instance.trustDomain}{' '}
              · {instance.federationProfile}
            </Text>
          </summary>
          <Flex direction="column" gap="4" style={{ paddingTop: 8 }}>
            <DeploymentDetails instance={instance} />
            <FederationDetails instance={instance} />
          </Flex>
        </details>
      </Flex>
    </CardFrame>
  );
}

/**
 * The deployment, federation and health of the Directory instance of the
 * current entity.
 * @public
 */
export function DirectoryDeploymentCard() {
  const { entity } = useEntity();
  const read = readDirectoryInstance(entity);
  if (read.ok) {
    return (
      <InstanceHealthCard
        instance={read.instance}
        discovered={isDiscoveredInstanceEntity(entity)}
      />
    );
  }
  return (
    <CardFrame>
      <Flex direction="column" gap="3">
        {read.missing.length > 0 && (
          <MissingAnnotationEmptyState annotation={read.missing} />
        )}
        {read.invalid.length > 0 && (
          <Alert
            status="danger"
            icon
            title="Malformed annotations"
            description={
              <ul data-testid="directory-invalid-annotations">
                {read.invalid.map(({ annotation, problem }) => (
                  <li key={annotation}>
                    <code>{annotation}</code>: {problem}
                  </li>
                ))}
              </ul>
            }
          />
        )}
      </Flex>
    </CardFrame>
  );
}
