/*
 * Runs the plugin alone against the simulated cluster of the demo. Start the
 * cluster, then the plugin:
 *
 *   yarn workspace @directory-ops/simulated-cluster start:simulated-cluster
 *   yarn start --config ../../app-config.yaml --config ../../app-config.demo.yaml
 *
 * then, for example:
 *
 *   curl -X POST 'localhost:7007/api/directory/health/refresh?entityRef=resource:default/acme-prod-directory'
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FederationProfile,
  toDirectoryInstanceEntity,
} from '@directory-ops/plugin-directory-common';
import { SIMULATED_CLUSTER_NAME } from '@directory-ops/simulated-cluster';

function demoInstance(options: {
  name: string;
  domain: string;
  profile: FederationProfile;
  release: string;
  namespace: string;
}) {
  return toDirectoryInstanceEntity(
    {
      trustDomain: options.domain,
      federationProfile: options.profile,
      baseDomain: options.domain,
      cluster: SIMULATED_CLUSTER_NAME,
      namespace: options.namespace,
      adminNamespace: `${options.namespace}-admin`,
      release: options.release,
    },
    {
      name: options.name,
      namespace: 'default',
      title: options.name,
      owner: 'group:default/platform',
    },
  );
}

const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
);
backend.add(
  catalogServiceMock.factory({
    entities: [
      demoInstance({
        name: 'acme-prod-directory',
        domain: 'acme.com',
        profile: 'https_web',
        release: 'dir-dir-prod-argoapp',
        namespace: 'dir-prod-dir',
      }),
      demoInstance({
        name: 'globex-prod-directory',
        domain: 'globex.io',
        profile: 'https_spiffe',
        release: 'dir-dir-globex-argoapp',
        namespace: 'dir-globex-dir',
      }),
    ],
  }),
);
backend.add(import('../src'));
backend.start();
