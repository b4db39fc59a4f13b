import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
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
  REQUIRED_ANNOTATIONS,
} from './annotations';
import { FederationProfile, isFederationProfile } from './federation';
import { DirectoryHosts, directoryHosts } from './hosts';
import {
  validateBaseDomain,
  validateKubernetesName,
  validateTrustDomain,
} from './validation';

/**
 * Where and how a Directory instance runs, read from its entity.
 * @public
 */
export interface DirectoryInstance {
  entityRef: string;
  title: string;
  trustDomain: string;
  federationProfile: FederationProfile;
  baseDomain: string;
  hosts: DirectoryHosts;
  cluster: string;
  namespace: string;
  adminNamespace?: string;
  release: string;
  releaseVersion?: string;
  route53HostedZoneId?: string;
  argocdAppName?: string;
  federatedPeers: string[];
}

/**
 * The outcome of reading an instance from an entity: either the instance, or
 * the annotations that are missing and those that are malformed.
 * @public
 */
export type DirectoryInstanceReadResult =
  | { ok: true; instance: DirectoryInstance }
  | {
      ok: false;
      missing: string[];
      invalid: Array<{ annotation: string; problem: string }>;
    };

/**
 * Whether an entity is a Directory instance: a `Resource` of
 * `spec.type: agntcy-directory` (templates may share the type).
 * @public
 */
export function isDirectoryInstanceEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === DIRECTORY_ENTITY_TYPE
  );
}

/**
 * Reads and validates the annotations of a Directory instance entity.
 * @public
 */
export function readDirectoryInstance(
  entity: Entity,
): DirectoryInstanceReadResult {
  const annotations = entity.metadata.annotations ?? {};
  const missing = REQUIRED_ANNOTATIONS.filter(a => !annotations[a]?.trim());
  const invalid: Array<{ annotation: string; problem: string }> = [];
  const check = (annotation: string, problems: string[]) => {
    if (annotations[annotation] && problems.length > 0) {
      invalid.push({ annotation, problem: problems.join('; ') });
    }
  };
  check(
    ANNOTATION_TRUST_DOMAIN,
    validateTrustDomain(annotations[ANNOTATION_TRUST_DOMAIN], {
      environment: 'dev',
    }),
  );
  if (
    annotations[ANNOTATION_FEDERATION_PROFILE] &&
    !isFederationProfile(annotations[ANNOTATION_FEDERATION_PROFILE])
  ) {
    invalid.push({
      annotation: ANNOTATION_FEDERATION_PROFILE,
      problem: 'must be https_web or https_spiffe',
    });
  }
  check(
    ANNOTATION_BASE_DOMAIN,
    validateBaseDomain(annotations[ANNOTATION_BASE_DOMAIN]),
  );
  check(
    ANNOTATION_NAMESPACE,
    validateKubernetesName(annotations[ANNOTATION_NAMESPACE]),
  );
  if (annotations[ANNOTATION_ADMIN_NAMESPACE]) {
    check(
      ANNOTATION_ADMIN_NAMESPACE,
      validateKubernetesName(annotations[ANNOTATION_ADMIN_NAMESPACE]),
    );
  }
  check(
    ANNOTATION_RELEASE,
    validateKubernetesName(annotations[ANNOTATION_RELEASE], 53),
  );
  const zone = annotations[ANNOTATION_ROUTE53_HOSTED_ZONE_ID];
  if (zone && !/^(\/hostedzone\/)?[A-Z0-9]{1,32}$/.test(zone)) {
    invalid.push({
      annotation: ANNOTATION_ROUTE53_HOSTED_ZONE_ID,
      problem:
        'must be a Route53 hosted zone id of uppercase letters and digits',
    });
  }
  if (missing.length > 0 || invalid.length > 0) {
    return { ok: false, missing: [...missing], invalid };
  }
  const baseDomain = annotations[ANNOTATION_BASE_DOMAIN];
  return {
    ok: true,
    instance: {
      entityRef: stringifyEntityRef(entity),
      title: entity.metadata.title ?? entity.metadata.name,
      trustDomain: annotations[ANNOTATION_TRUST_DOMAIN],
      federationProfile: annotations[
        ANNOTATION_FEDERATION_PROFILE
      ] as FederationProfile,
      baseDomain,
      hosts: directoryHosts(baseDomain),
      cluster: annotations[ANNOTATION_KUBERNETES_CLUSTER],
      namespace: annotations[ANNOTATION_NAMESPACE],
      adminNamespace: annotations[ANNOTATION_ADMIN_NAMESPACE] || undefined,
      release: annotations[ANNOTATION_RELEASE],
      releaseVersion: annotations[ANNOTATION_RELEASE_VERSION] || undefined,
      route53HostedZoneId: zone?.replace(/^\/hostedzone\//, '') || undefined,
      argocdAppName: annotations[ANNOTATION_ARGOCD_APP_NAME] || undefined,
      federatedPeers: (annotations[ANNOTATION_FEDERATED_PEERS] ?? '')
        .split(',')
        .map(p => p.trim())
        .filter(Boolean),
    },
  };
}

/**
 * The catalog `spec.system` of every Directory instance.
 * @public
 */
export const DIRECTORY_SYSTEM = 'agntcy-directory';

/**
 * What {@link toDirectoryInstanceEntity} writes into the annotations: the
 * facts of {@link DirectoryInstance} that are not derived.
 * @public
 */
export type DirectoryInstanceFacts = Omit<
  DirectoryInstance,
  'entityRef' | 'title' | 'hosts' | 'federatedPeers'
> & { federatedPeers?: string[] };

/**
 * The catalog side of a Directory instance entity.
 * @public
 */
export interface DirectoryInstanceEntityOptions {
  name: string;
  /** Default `default`. */
  namespace?: string;
  title: string;
  description?: string;
  owner: string;
  /** Tags after `agntcy-directory` and the federation profile. */
  tags?: string[];
  links?: Array<{ url: string; title?: string }>;
  /** More annotations, such as the location of a provider. */
  annotations?: Record<string, string>;
  /** Default: the cluster's Resource, `resource:default/<cluster>`. */
  dependsOn?: string[];
}

/**
 * The catalog entity of a Directory instance, as the generator, discovery
 * and the tests write it; {@link readDirectoryInstance} reads it back.
 * @public
 */
export function toDirectoryInstanceEntity(
  instance: DirectoryInstanceFacts,
  options: DirectoryInstanceEntityOptions,
): Entity {
  const optional = (annotation: string, value: string | undefined) =>
    value ? { [annotation]: value } : {};
  const peers = instance.federatedPeers ?? [];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: options.name,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      title: options.title,
      ...(options.description ? { description: options.description } : {}),
      annotations: {
        ...options.annotations,
        [ANNOTATION_TRUST_DOMAIN]: instance.trustDomain,
        [ANNOTATION_FEDERATION_PROFILE]: instance.federationProfile,
        [ANNOTATION_BASE_DOMAIN]: instance.baseDomain,
        [ANNOTATION_KUBERNETES_CLUSTER]: instance.cluster,
        [ANNOTATION_NAMESPACE]: instance.namespace,
        [ANNOTATION_RELEASE]: instance.release,
        ...optional(ANNOTATION_ADMIN_NAMESPACE, instance.adminNamespace),
        ...optional(ANNOTATION_RELEASE_VERSION, instance.releaseVersion),
        ...optional(
          ANNOTATION_ROUTE53_HOSTED_ZONE_ID,
          instance.route53HostedZoneId,
        ),
        ...optional(ANNOTATION_ARGOCD_APP_NAME, instance.argocdAppName),
        ...optional(ANNOTATION_FEDERATED_PEERS, peers.join(',')),
      },
      tags: [
        DIRECTORY_ENTITY_TYPE,
        instance.federationProfile.replace(/_/g, '-'),
        ...(options.tags ?? []),
      ],
      ...(options.links ? { links: options.links } : {}),
    },
    spec: {
      type: DIRECTORY_ENTITY_TYPE,
      owner: options.owner,
      system: DIRECTORY_SYSTEM,
      dependsOn: options.dependsOn ?? [`resource:default/${instance.cluster}`],
    },
  };
}
