import { Flex, Link, Text } from '@backstage/ui';
import { CheckStatus } from '@directory-ops/plugin-directory-common';
import { CheckStatusIcon } from '../CheckStatusIcon';

/** One app as the `argocd` check reports it in its details. */
interface ArgoCdAppDetails {
  name: string;
  sync: string;
  health: string;
  status: CheckStatus;
  revision?: string;
  revisionUrl?: string;
  repoURL?: string;
  operationPhase?: string;
  message?: string;
}

function isApp(value: unknown): value is ArgoCdAppDetails {
  const app = value as ArgoCdAppDetails | null;
  return (
    typeof app === 'object' &&
    app !== null &&
    typeof app.name === 'string' &&
    typeof app.sync === 'string' &&
    typeof app.health === 'string'
  );
}

/** The apps of the `argocd` check's details, if it has any. */
export function argoCdAppsOf(
  details: Record<string, unknown> | undefined,
): ArgoCdAppDetails[] | undefined {
  const apps = details?.apps;
  return Array.isArray(apps) && apps.every(isApp) ? apps : undefined;
}

/**
 * Each Argo CD app of the instance with its sync and health, and the GitOps
 * commit it synced to, linked to the repository when the check could tell
 * the commit's page.
 */
export function ArgoCdApps(props: { apps: ArgoCdAppDetails[] }) {
  return (
    <Flex direction="column" gap="1" data-testid="directory-argocd-apps">
      <Text variant="body-small" weight="bold" as="div">
        Argo CD applications
      </Text>
      {props.apps.map(app => {
        const revision = app.revision?.slice(0, 7);
        return (
          <div
            key={app.name}
            data-testid={`directory-argocd-app-${app.name}`}
            data-sync={app.sync}
            data-health={app.health}
          >
            <Flex gap="3" align="baseline">
              <CheckStatusIcon status={app.status} />
              <code>{app.name}</code>
              <Text variant="body-small">
                {app.sync} · {app.health}
                {app.operationPhase && app.operationPhase !== 'Succeeded'
                  ? ` · last sync ${app.operationPhase}`
                  : ''}
              </Text>
              {revision && (
                <Text variant="body-small" color="secondary">
                  at{' '}
                  {app.revisionUrl ? (
                    <Link
                      href={app.revisionUrl}
                      target="_blank"
                      rel="noopener noreferrer"
                      title={app.repoURL}
                    >
                      <code>{revision}</code>
                    </Link>
                  ) : (
                    <code title={app.repoURL}>{revision}</code>
                  )}
                </Text>
              )}
            </Flex>
            {app.message && (
              <Text variant="body-x-small" color="secondary" as="div">
                {app.message}
              </Text>
            )}
          </div>
        );
      })}
    </Flex>
  );
}
