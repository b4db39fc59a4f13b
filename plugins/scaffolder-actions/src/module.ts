import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createDeploymentGenerateAction } from './actions/deploymentGenerate';
import { createDnsPlanAction } from './actions/dnsPlan';
import { createTrustDomainValidateAction } from './actions/trustDomainValidate';

/**
 * The scaffolder module with the Directory actions:
 * `directory:trust-domain:validate`, `directory:dns:plan` and
 * `directory:deployment:generate`.
 *
 * @public
 */
export const scaffolderModuleDirectory = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'directory',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, catalog }) {
        const awsCredentialsManager =
          DefaultAwsCredentialsManager.fromConfig(config);
        scaffolder.addActions(
          createTrustDomainValidateAction({ catalog }),
          createDnsPlanAction({ config, awsCredentialsManager }),
          createDeploymentGenerateAction(),
        );
      },
    });
  },
});
