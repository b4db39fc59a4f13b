import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { directoryClustersServiceRef } from '@directory-ops/plugin-directory-node';
import { DirectoryInstanceProcessor } from './processor/DirectoryInstanceProcessor';
import { DirectoryInstanceEntityProvider } from './provider/DirectoryInstanceEntityProvider';

/**
 * Catalog module for AGNTCY Directory instances: validates their
 * annotations and discovers them in the configured Kubernetes clusters.
 *
 * @public
 */
export const catalogModuleDirectory = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'directory',
  register(reg) {
    reg.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        clusters: directoryClustersServiceRef,
      },
      async init({
        processing,
        config,
        logger,
        scheduler,
        auth,
        catalog,
        clusters,
      }) {
        processing.addProcessor(new DirectoryInstanceProcessor());
        processing.addEntityProvider(
          DirectoryInstanceEntityProvider.fromConfig(config, {
            logger,
            scheduler,
            auth,
            catalog,
            clusters,
          }),
        );
      },
    });
  },
});
