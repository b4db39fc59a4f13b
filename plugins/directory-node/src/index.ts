/**
 * The extension point for health checks of Directory instances, and the
 * cluster access the Directory Ops backend plugins share, from the config of
 * the Backstage Kubernetes plugin.
 *
 * @packageDocumentation
 */
export { readDirectoryClusters } from './config';
export type { DirectoryCluster } from './config';
export {
  ClusterConnector,
  DEFAULT_CLUSTER_REQUEST_TIMEOUT_MS,
  isClusterTimeout,
} from './ClusterConnector';
export type { ClusterApis, ClusterConnectOptions } from './ClusterConnector';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  ResponseTooLargeError,
} from './responseLimits';
export {
  customObjectPage,
  LIST_PAGE_SIZE,
  listAllPages,
  ListTooLongError,
  MAX_LIST_PAGES,
} from './listPages';
export type { ListPage } from './listPages';
export type { ClusterLists, ListPageRequest } from './ClusterLists';
export { EksTokenFactory } from './EksTokenFactory';
export { isNotFound } from './kubernetesErrors';
export {
  DEFAULT_ROUTE53_REGION,
  readRoute53Settings,
  ROUTE53_ENDPOINT_KEY,
} from './route53Config';
export type { Route53Settings } from './route53Config';
export type { EksTokenRequest } from './EksTokenFactory';
export * from './checks';
export { directoryClustersServiceRef } from './clustersService';
export type { DirectoryClustersService } from './clustersService';
