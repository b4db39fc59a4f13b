import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  FakeKubernetesApi,
  seedDirectoryInstance,
} from '@directory-ops/simulated-cluster';
import request from 'supertest';
import catalogModuleDirectory from '.';

jest.setTimeout(60_000);

const LOCATION = 'url:https://github.com/acme/catalog/blob/main/dirs.yaml';

/** A registered (hand-written) instance whose annotations are wrong. */
const broken: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'broken-directory',
    annotations: {
      'backstage.io/managed-by-location': LOCATION,
      'backstage.io/managed-by-origin-location': LOCATION,
      'agntcy.org/trust-domain': 'spiffe://broken.example',
      'agntcy.org/federation-profile': 'https_web',
    },
  },
  spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
};

/** Processing errors the catalog reports, by entity name. */
const processingErrors = new Map<string, Error[]>();

const registerBroken = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-registered',
  register(reg) {
    reg.registerInit({
      deps: { processing: catalogProcessingExtensionPoint },
      async init({ processing }) {
        processing.setOnProcessingErrorHandler(
          ({ unprocessedEntity, errors }) => {
            processingErrors.set(unprocessedEntity.metadata.name, errors);
          },
        );
        processing.addEntityProvider({
          getProviderName: () => 'test-registered',
          connect: connection =>
            connection.applyMutation({
              type: 'full',
              entities: [{ entity: broken, locationKey: 'test-registered' }],
            }),
        });
      },
    });
  },
});

async function poll<T>(fn: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await fn();
    if (value !== undefined) {
      return value;
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error('timed out waiting for the catalog');
}

describe('catalogModuleDirectory', () => {
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    seedDirectoryInstance(api, {
      release: 'dir-dir-prod-argoapp',
      namespace: 'dir-prod-dir',
      adminNamespace: 'dir-prod-dir-admin',
      trustDomain: 'acme.com',
      baseDomain: 'acme.com',
    });
  });
  afterAll(() => api.close());

  it('discovers instances into the catalog and flags bad annotations', async () => {
    const { server } = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'prod-eks-1',
                      url: api.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: api.token,
                      caData: api.caData,
                    },
                  ],
                },
              ],
            },
          },
        }),
        import('@backstage/plugin-catalog-backend'),
        catalogModuleDirectory,
        registerBroken,
      ],
    });

    const discovered = await poll(async () => {
      const res = await request(server).get(
        '/api/catalog/entities/by-name/resource/default/dir-dir-prod-argoapp-prod-eks-1',
      );
      return res.status === 200 ? (res.body as Entity) : undefined;
    });
    expect(discovered.metadata.annotations).toMatchObject({
      'agntcy.org/trust-domain': 'acme.com',
      'agntcy.org/kubernetes-cluster': 'prod-eks-1',
      'backstage.io/managed-by-origin-location':
        'directory-provider:prod-eks-1',
    });
    expect(discovered.spec).toMatchObject({
      type: 'agntcy-directory',
      owner: 'group:default/platform',
    });

    const errors = await poll(async () =>
      processingErrors.get('broken-directory'),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0].name).toBe('InputError');
    expect(errors[0].message).toContain(
      "annotation 'agntcy.org/base-domain' is missing",
    );
    expect(errors[0].message).toContain(
      "annotation 'agntcy.org/trust-domain' must not include a scheme",
    );
    expect(processingErrors.has('dir-dir-prod-argoapp-prod-eks-1')).toBe(false);
  });
});
