import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { DirectoryCluster } from './config';
import {
  ClusterApis,
  ClusterConnectOptions,
  ClusterConnector,
} from './ClusterConnector';

/**
 * The clusters of `kubernetes.clusterLocatorMethods`, as every Directory Ops
 * plugin and module reaches them.
 * @public
 */
export interface DirectoryClustersService {
  /** The configured clusters (without credentials). */
  listClusters(): DirectoryCluster[];
  /**
   * API clients for a cluster, with a fresh credential; connect again for
   * each poll or scan.
   */
  connect(
    clusterName: string,
    options?: ClusterConnectOptions,
  ): Promise<ClusterApis>;
}

/**
 * The one place that reads the clusters and their credentials: a root
 * service shared by the `directory` plugin, the catalog module and the
 * scaffolder module, so they connect with the same settings and limits.
 * The default is a `ClusterConnector` from the root config.
 * @public
 */
export const directoryClustersServiceRef =
  createServiceRef<DirectoryClustersService>({
    id: 'directory.clusters',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
        },
        factory: ({ config, logger }) =>
          ClusterConnector.fromConfig(config, {
            logger: logger.child({ service: 'directory-clusters' }),
          }),
      }),
  });
