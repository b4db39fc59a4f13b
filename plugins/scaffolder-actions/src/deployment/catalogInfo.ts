import { toDirectoryInstanceEntity } from '@directory-ops/plugin-directory-common';
import { Layout } from './layout';
import { DeploymentSpec } from './spec';

/** The catalog entity of the new instance (kind Resource). */
export function catalogInfo(spec: DeploymentSpec, layout: Layout) {
  const release = layout.release('dir');
  return toDirectoryInstanceEntity(
    {
      trustDomain: spec.trustDomain,
      federationProfile: spec.federationProfile,
      baseDomain: spec.baseDomain,
      cluster: spec.cluster.name,
      namespace: layout.namespace('dir'),
      adminNamespace: layout.namespace('dir-admin'),
      release,
      argocdAppName: release,
      releaseVersion: spec.releaseVersion,
      route53HostedZoneId: spec.route53HostedZoneId,
      federatedPeers: spec.peers.map(p => p.trustDomain),
    },
    {
      name: spec.name,
      title: `AGNTCY Directory ${spec.name} (${spec.environment})`,
      description: `Production AGNTCY Directory in trust domain ${spec.trustDomain}, deployed by Argo CD from ${spec.gitops.webUrl}.`,
      owner: spec.owner,
      tags: [spec.environment],
      links: [
        { url: `https://${spec.hosts.spire}`, title: 'SPIFFE bundle endpoint' },
        {
          url: `https://${spec.hosts.oidcDiscovery}/.well-known/openid-configuration`,
          title: 'OIDC discovery',
        },
      ],
    },
  );
}
