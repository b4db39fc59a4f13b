import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { Card, CardBody, CardHeader, Container, Flex, Link, Text } from '@backstage/ui';
import { CheckStatus } from '@directory-ops/plugin-directory-common';
import { useInstances } from '../../hooks/useInstances';
import { CHECK_STATUS_LABELS, CheckStatusIcon } from '../CheckStatusIcon';
import { SinceTime, useNow } from '../RelativeTime';

const ORDER: CheckStatus[] = ['error', 'warning', 'unknown', 'ok'];
const COLORS: Record<CheckStatus, string> = {
  ok: '#2e7d32',
  warning: '#ed6c02',
  error: '#d32f2f',
  unknown: '#757575',
};

/**
 * The app's home: how many instances are in each status, and every failing
 * instance with its failing checks.
 */
export function DirectoryHomePage() {
  const { page, error } = useInstances({ status: ['error', 'warning'], limit: 20 });
  const entityRoute = useRouteRef(entityRouteRef);
  const now = useNow();
  if (error) {
    return (
      <Container>
        <ResponseErrorPanel title="The Directory backend could not be reached" error={error} />
      </Container>
    );
  }
  if (!page) {
    return <Progress />;
  }
  const total = ORDER.reduce((n, s) => n + page.counts[s], 0);
  return (
    <Container>
      <Flex direction="column" gap="4" style={{ paddingBlock: 24 }} data-testid="directory-home">
        <Text variant="title-large" as="h1">
          Directory Ops
        </Text>
        <Text variant="body-medium" color="secondary">
          {total} AGNTCY Directory instance{total === 1 ? '' : 's'} watched.{' '}
          <Link href="/directory">Open the fleet</Link> ·{' '}
          <Link href="/create">Create a Directory</Link>
        </Text>
        <Flex gap="3" data-testid="directory-home-counts">
          {ORDER.map(status => (
            <Link
              key={status}
              href={`/directory?status=${status}`}
              data-testid={`directory-home-count-${status}`}
              style={{ textDecoration: 'none' }}
            >
              <Card style={{ minWidth: 160, borderTop: `4px solid ${COLORS[status]}` }}>
                <CardBody>
                  <Text variant="title-large" as="div" style={{ color: COLORS[status] }}>
                    {page.counts[status]}
                  </Text>
                  <Text variant="body-medium">{CHECK_STATUS_LABELS[status]}</Text>
                </CardBody>
              </Card>
            </Link>
          ))}
        </Flex>
        <Card>
          <CardHeader>
            <Text variant="title-small" as="h2">
              {page.totalCount === 0
                ? 'Nothing is failing'
                : `Failing instances (${page.totalCount})`}
            </Text>
          </CardHeader>
          <CardBody>
            {page.totalCount === 0 ? (
              <Text>Every instance passes its checks or has not been checked yet.</Text>
            ) : (
              <Flex direction="column" gap="3">
                {page.items.map(item => (
                  <div
                    key={item.entityRef}
                    data-testid={`directory-home-failing-${item.entityRef.replace(/^.*\//, '')}`}
                    style={{ borderBottom: '1px solid var(--bui-border, #e0e0e0)', paddingBottom: 8 }}
                  >
                    <Flex gap="3" align="baseline" style={{ flexWrap: 'wrap' }}>
                      <CheckStatusIcon status={item.status} />
                      <Link href={entityRoute(entityRouteParams(item.entityRef))}>
                        <Text weight="bold">{item.title}</Text>
                      </Link>
                      <Text variant="body-small" color="secondary">
                        {item.trustDomain} · {item.cluster}
                        {item.since && (
                          <>
                            {' · since '}
                            <SinceTime iso={item.since} now={now} />
                          </>
                        )}
                      </Text>
                    </Flex>
                    <ul style={{ margin: '4px 0 0', paddingLeft: '1.5rem' }}>
                      {(item.checks ?? [])
                        .filter(c => c.status === 'error' || c.status === 'warning')
                        .map(c => (
                          <li key={c.id}>
                            <Text variant="body-small" weight="bold">
                              {c.title}
                            </Text>{' '}
                            <Text variant="body-small">{c.summary}</Text>
                          </li>
                        ))}
                    </ul>
                  </div>
                ))}
                {page.nextCursor && (
                  <Link href="/directory?status=error,warning">
                    See all {page.totalCount} failing instances
                  </Link>
                )}
              </Flex>
            )}
          </CardBody>
        </Card>
      </Flex>
    </Container>
  );
}
