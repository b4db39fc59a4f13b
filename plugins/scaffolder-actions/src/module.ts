import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { directoryClustersServiceRef } from '@directory-ops/plugin-directory-node';
import { createClusterPreflightAction } from './actions/clusterPreflight';
import { createDeploymentGenerateAction } from './actions/deploymentGenerate';
import { createDeploymentPreviewAction } from './actions/deploymentPreview';
import { createDeploymentUpgradeAction } from './actions/deploymentUpgrade';
import { createDnsPlanAction } from './actions/dnsPlan';
import { createOnboardingGenerateAction } from './actions/onboardingGenerate';
import { createTrustDomainValidateAction } from './actions/trustDomainValidate';

/**
 * The scaffolder module with the Directory actions:
 * `directory:trust-domain:validate`, `directory:dns:plan`,
 * `directory:deployment:generate`, `directory:deployment:upgrade`,
 * `directory:cluster:preflight` and `directory:onboarding:generate`; and
 * `preview-directory-deployment` in the actions registry, for MCP clients.
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
        actionsRegistry: actionsRegistryServiceRef,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        clusters: directoryClustersServiceRef,
      },
      async init({ scaffolder, actionsRegistry, config, catalog, clusters }) {
        const awsCredentialsManager =
          DefaultAwsCredentialsManager.fromConfig(config);
        scaffolder.addActions(
          createTrustDomainValidateAction({ catalog }),
          createDnsPlanAction({ config, awsCredentialsManager }),
          createDeploymentGenerateAction({ catalog }),
          createClusterPreflightAction({ clusters }),
          createOnboardingGenerateAction(),
          createDeploymentUpgradeAction(),
        );
        createDeploymentPreviewAction({ actionsRegistry, catalog });
      },
    });
  },
});
