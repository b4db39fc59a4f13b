/**
 * The catalog model of a Directory instance: the entity type and the
 * annotations that say where and how the instance runs.
 */

/**
 * `spec.type` of every Directory instance entity (kind `Resource`).
 * @public
 */
export const DIRECTORY_ENTITY_TYPE = 'agntcy-directory';

/** @public */
export const ANNOTATION_TRUST_DOMAIN = 'agntcy.org/trust-domain';
/** @public */
export const ANNOTATION_FEDERATION_PROFILE = 'agntcy.org/federation-profile';
/**
 * The base domain under which the five hosts live (`api.`, `zot.`,
 * `routing.`, `spire.`, `oidc-discovery.spire.`).
 * @public
 */
export const ANNOTATION_BASE_DOMAIN = 'agntcy.org/base-domain';
/** A cluster name from `kubernetes.clusterLocatorMethods`. @public */
export const ANNOTATION_KUBERNETES_CLUSTER = 'agntcy.org/kubernetes-cluster';
/** @public */
export const ANNOTATION_NAMESPACE = 'agntcy.org/namespace';
/** Optional: the namespace of the dir-admin (dirctl) CronJobs. @public */
export const ANNOTATION_ADMIN_NAMESPACE = 'agntcy.org/admin-namespace';
/** The Helm release name of the `dir` chart. @public */
export const ANNOTATION_RELEASE = 'agntcy.org/release';
/** Optional: enables the `dns` check. @public */
export const ANNOTATION_ROUTE53_HOSTED_ZONE_ID = 'agntcy.org/route53-hosted-zone-id';
/** Optional: the Directory release deployed (for example `v1.7.0`). @public */
export const ANNOTATION_RELEASE_VERSION = 'agntcy.org/release-version';
/** Optional: a comma-separated list of federated peer trust domains. @public */
export const ANNOTATION_FEDERATED_PEERS = 'agntcy.org/federated-peers';
/** Optional: the Argo CD application that deploys the instance. @public */
export const ANNOTATION_ARGOCD_APP_NAME = 'argocd/app-name';

/**
 * The annotations every Directory instance must carry.
 * @public
 */
export const REQUIRED_ANNOTATIONS = [
  ANNOTATION_TRUST_DOMAIN,
  ANNOTATION_FEDERATION_PROFILE,
  ANNOTATION_BASE_DOMAIN,
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_NAMESPACE,
  ANNOTATION_RELEASE,
] as const;
