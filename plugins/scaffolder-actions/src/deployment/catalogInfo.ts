import {
  ANNOTATION_ADMIN_NAMESPACE,
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_BASE_DOMAIN,
  ANNOTATION_FEDERATED_PEERS,
  ANNOTATION_FEDERATION_PROFILE,
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_NAMESPACE,
  ANNOTATION_RELEASE,
  ANNOTATION_RELEASE_VERSION,
  ANNOTATION_ROUTE53_HOSTED_ZONE_ID,
  ANNOTATION_TRUST_DOMAIN,
  DIRECTORY_ENTITY_TYPE,
} from '@directory-ops/plugin-directory-common';
import { Layout } from './layout';
import { DeploymentSpec } from './spec';

/** The catalog `spec.system` of every Directory instance. */
export const DIRECTORY_SYSTEM = 'agntcy-directory';

/** The catalog entity of the new instance (kind Resource). */
export function catalogInfo(spec: DeploymentSpec, layout: Layout) {
  const release = layout.release('dir');
  const annotations: Record<string, string> = {
    [ANNOTATION_TRUST_DOMAIN]: spec.trustDomain,
    [ANNOTATION_FEDERATION_PROFILE]: spec.federationProfile,
    [ANNOTATION_BASE_DOMAIN]: spec.baseDomain,
    [ANNOTATION_KUBERNETES_CLUSTER]: spec.cluster.name,
    [ANNOTATION_NAMESPACE]: layout.namespace('dir'),
    [ANNOTATION_ADMIN_NAMESPACE]: layout.namespace('dir-admin'),
    [ANNOTATION_RELEASE]: release,
    [ANNOTATION_ARGOCD_APP_NAME]: release,
    [ANNOTATION_RELEASE_VERSION]: spec.releaseVersion,
    [ANNOTATION_FEDERATED_PEERS]: spec.peers.map(p => p.trustDomain).join(','),
  };
  if (spec.route53HostedZoneId) {
    annotations[ANNOTATION_ROUTE53_HOSTED_ZONE_ID] = spec.route53HostedZoneId;
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: spec.name,
      title: `AGNTCY Directory ${spec.name} (${spec.environment})`,
      description: `Production AGNTCY Directory in trust domain ${spec.trustDomain}, deployed by Argo CD from ${spec.gitops.webUrl}.`,
      annotations,
      tags: [
        DIRECTORY_ENTITY_TYPE,
        spec.federationProfile.replace('_', '-'),
        spec.environment,
      ],
      links: [
        { url: `https://${spec.hosts.spire}`, title: 'SPIFFE bundle endpoint' },
        {
          url: `https://${spec.hosts.oidcDiscovery}/.well-known/openid-configuration`,
          title: 'OIDC discovery',
        },
      ],
    },
    spec: {
      type: DIRECTORY_ENTITY_TYPE,
      owner: spec.owner,
      system: DIRECTORY_SYSTEM,
      dependsOn: [`resource:default/${spec.cluster.name}`],
    },
  };
}
