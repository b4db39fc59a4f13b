import { Alert, Link, Text } from '@backstage/ui';
import { DirectoryInstance } from '@directory-ops/plugin-directory-common';

/**
 * Says that the instance was discovered in a cluster and is not in Git, and
 * how to register it so that its entity lives next to its deployment.
 */
export function DiscoveredNotice(props: { instance: DirectoryInstance }) {
  const { instance } = props;
  return (
    <Alert
      status="warning"
      icon
      data-testid="directory-discovered"
      title="Discovered, not in Git"
      description={
        <details>
          <summary style={{ cursor: 'pointer' }}>
            Found running in {instance.cluster}/{instance.namespace}; no catalog
            file describes it. How to register it
          </summary>
          <Text variant="body-small" as="p">
            Commit a <code>catalog-info.yaml</code> with a <code>Resource</code> of{' '}
            <code>spec.type: agntcy-directory</code> and this instance's annotations
            (trust domain <code>{instance.trustDomain}</code>, cluster{' '}
            <code>{instance.cluster}</code>, namespace <code>{instance.namespace}</code>,
            release <code>{instance.release}</code>) to your GitOps repository and
            register it in the catalog. The registered entity then replaces this
            discovered one. Or bring the deployment itself into Git with the{' '}
            <Link href="/create">Production AGNTCY Directory template</Link>, which
            opens the pull request and registers the entity.
          </Text>
        </details>
      }
    />
  );
}
