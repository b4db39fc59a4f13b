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
  DirectoryInstance,
  directoryInstanceRefreshPermission,
  readDirectoryInstance,
} from '@directory-ops/plugin-directory-common';
import { ReactNode } from 'react';
import { useInstanceHealth } from '../../hooks/useInstanceHealth';
import { CheckStatusIcon } from '../CheckStatusIcon';
import { CheckList } from './CheckList';
import { DeploymentDetails, Field } from './DeploymentDetails';
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

function InstanceHealthCard(props: { instance: DirectoryInstance }) {
  const { instance } = props;
  const { health, loading, error, refresh, refreshing, refreshError } =
    useInstanceHealth(instance.entityRef);

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
      {!loading && !error && (
        <RefreshButton
          entityRef={instance.entityRef}
          onRefresh={refresh}
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
    checks = <CheckList checks={health.checks} />;
  }

  return (
    <CardFrame headerExtra={headerExtra}>
      <Flex direction="column" gap="4">
        {refreshError && (
          <Alert
            status="danger"
            icon
            title="Refresh failed"
            description={refreshError.message}
          />
        )}
        <DeploymentDetails instance={instance} />
        <Field label="Last check">
          {health?.checkedAt ? (
            <time dateTime={health.checkedAt}>
              {new Date(health.checkedAt).toLocaleString()}
            </time>
          ) : (
            'never'
          )}
        </Field>
        <FederationDetails instance={instance} />
        {checks}
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
    return <InstanceHealthCard instance={read.instance} />;
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
