import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Discovery of AGNTCY Directory instances in the clusters of
       * `kubernetes.clusterLocatorMethods`.
       */
      directory?: {
        /** Default: every 30 minutes, 3 minute timeout. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Owner of discovered instances. Default `group:default/platform`. */
        owner?: string;
      };
    };
  };
}
