import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  FakeKubernetesApi,
  seedDirectoryInstance,
} from '@directory-ops/simulated-cluster';
import request from 'supertest';

jest.setTimeout(90_000);

const CLUSTER = 'sim-eks';

const registered: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'acme-registered-directory',
    annotations: {
      'agntcy.org/trust-domain': 'registered.acme.com',
      'agntcy.org/federation-profile': 'https_web',
      'agntcy.org/base-domain': 'registered.acme.com',
      'agntcy.org/kubernetes-cluster': CLUSTER,
      'agntcy.org/namespace': 'dir-registered',
      'agntcy.org/release': 'dir-registered',
    },
  },
  spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
};

describe('discovery on a fresh database', () => {
  let api: FakeKubernetesApi;
  const directory = createMockDirectory();

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    seedDirectoryInstance(api, {
      release: 'dir-registered',
      namespace: 'dir-registered',
      trustDomain: 'registered.acme.com',
      baseDomain: 'registered.acme.com',
    });
    seedDirectoryInstance(api, {
      release: 'dir-found',
      namespace: 'dir-found',
      trustDomain: 'found.acme.com',
      baseDomain: 'found.acme.com',
    });
    // JSON is YAML.
    directory.setContent({ 'registered.yaml': JSON.stringify(registered) });
  });
  afterAll(() => api.close());

  it('never emits a copy of an instance registered in a location file', async () => {
    const backend = await startTestBackend({
      features: [
        import('@backstage/plugin-catalog-backend'),
        import('@directory-ops/plugin-catalog-backend-module-directory'),
        // The real scheduler: discovery starts as soon as the backend does,
        // while the catalog reads its locations.
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: CLUSTER,
                      url: api.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: api.token,
                      caData: api.caData,
                    },
                  ],
                },
              ],
            },
            catalog: {
              rules: [{ allow: ['Resource', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: directory.resolve('registered.yaml'),
                },
              ],
              providers: {
                directory: {
                  schedule: {
                    frequency: { hours: 1 },
                    timeout: { minutes: 3 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    try {
      // The scheduler runs discovery at once; watch the catalog until both
      // the registered and the discovered instance are there.
      const seen = new Set<string>();
      for (let attempt = 0; ; attempt++) {
        const res = await request(backend.server)
          .get(
            '/api/catalog/entities/by-query?filter=spec.type=agntcy-directory',
          )
          .set('Authorization', mockCredentials.service.header());
        const items: Entity[] = res.body.items ?? [];
        for (const entity of items) {
          seen.add(entity.metadata.name);
        }
        const releases = items.map(
          e => e.metadata.annotations?.['agntcy.org/release'],
        );
        if (
          releases.includes('dir-registered') &&
          releases.includes('dir-found')
        ) {
          break;
        }
        if (attempt > 600) {
          throw new Error(`The catalog never settled: ${[...seen]}`);
        }
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      expect([...seen].sort()).toEqual([
        'acme-registered-directory',
        `dir-found-${CLUSTER}`,
      ]);
    } finally {
      await backend.stop();
    }
  });
});
