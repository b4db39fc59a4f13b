import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createDirectoryFactRetriever,
  DIRECTORY_FACT_RETRIEVER_ID,
} from './directoryFactRetriever';

/**
 * Adds the Directory fact retriever to Tech Insights. Schedule it with
 * `techInsights.factRetrievers.directoryInstanceFactRetriever.cadence`.
 *
 * @public
 */
export const techInsightsModuleDirectory = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'directory',
  register(env) {
    env.registerInit({
      deps: {
        factRetrievers: techInsightsFactRetrieversExtensionPoint,
        catalog: catalogServiceRef,
      },
      async init({ factRetrievers, catalog }) {
        factRetrievers.addFactRetrievers({
          [DIRECTORY_FACT_RETRIEVER_ID]: createDirectoryFactRetriever({
            catalog,
          }),
        });
      },
    });
  },
});
