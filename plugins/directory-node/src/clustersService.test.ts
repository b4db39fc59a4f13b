import {
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  DirectoryClustersService,
  directoryClustersServiceRef,
} from './clustersService';

describe('directoryClustersServiceRef', () => {
  it('gives the plugin and a module of another plugin the same clusters, from kubernetes.clusterLocatorMethods', async () => {
    const seen: DirectoryClustersService[] = [];
    const user = (pluginId: string) =>
      createBackendPlugin({
        pluginId,
        register(env) {
          env.registerInit({
            deps: { clusters: directoryClustersServiceRef },
            async init({ clusters }) {
              seen.push(clusters);
            },
          });
        },
      });
    const catalogModule = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'directory-test',
      register(env) {
        env.registerInit({
          deps: { clusters: directoryClustersServiceRef },
          async init({ clusters }) {
            seen.push(clusters);
          },
        });
      },
    });
    await startTestBackend({
      features: [
        user('directory'),
        user('catalog'),
        catalogModule,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'prod-eks-1',
                      url: 'https://127.0.0.1:6443',
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'token',
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(1);
    expect(seen[0].listClusters().map(c => c.name)).toEqual(['prod-eks-1']);
  });
});
