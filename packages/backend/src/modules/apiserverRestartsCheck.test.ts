import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FakeKubernetesApi,
  KubeObject,
  seedDirectoryInstance,
} from '@directory-ops/simulated-cluster';
import request from 'supertest';

jest.setTimeout(60_000);

const ENTITY_REF = 'resource:default/acme-prod-directory';
const NAMESPACE = 'dir-prod-dir';
const RELEASE = 'dir-dir-prod-argoapp';

const instance: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'acme-prod-directory',
    namespace: 'default',
    title: 'ACME production Directory',
    annotations: {
      'agntcy.org/trust-domain': 'acme.com',
      'agntcy.org/federation-profile': 'https_web',
      'agntcy.org/base-domain': 'acme.com',
      'agntcy.org/kubernetes-cluster': 'prod-eks-1',
      'agntcy.org/namespace': NAMESPACE,
      'agntcy.org/release': RELEASE,
    },
  },
  spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
};

describe('the apiserver-restarts example check module', () => {
  let api: FakeKubernetesApi;

  beforeEach(async () => {
    api = await FakeKubernetesApi.start();
  });
  afterEach(() => api.close());

  async function startBackend() {
    return startTestBackend({
      features: [
        import('@directory-ops/plugin-directory-backend'),
        // The one `backend.add` line a platform team writes.
        import('./apiserverRestartsCheck'),
        catalogServiceMock.factory({ entities: [instance] }),
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
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
  }

  async function health(backend: { server: Parameters<typeof request>[0] }) {
    const refresh = await request(backend.server)
      .post('/api/directory/health/refresh')
      .query({ entityRef: ENTITY_REF })
      .set('Authorization', mockCredentials.user.header());
    expect(refresh.status).toBe(200);
    const res = await request(backend.server)
      .get('/api/directory/health')
      .query({ entityRef: ENTITY_REF })
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  }

  it('reports restarting apiserver containers in GET /health and in the overall status', async () => {
    const seeded = seedDirectoryInstance(api, {
      release: RELEASE,
      namespace: NAMESPACE,
      trustDomain: 'acme.com',
      baseDomain: 'acme.com',
    });
    const pod = api.get(
      'Pod',
      NAMESPACE,
      seeded.apiserverPods[0],
    ) as KubeObject & {
      status: {
        containerStatuses: Array<{ name: string; restartCount: number }>;
      };
    };
    pod.status.containerStatuses.find(
      c => c.name === 'apiserver',
    )!.restartCount = 7;
    api.put(pod);

    const backend = await startBackend();
    try {
      const body = await health(backend);
      const added = body.checks.find(
        (c: { id: string }) => c.id === 'apiserver-restarts',
      );
      expect(added).toMatchObject({
        title: 'apiserver restarts',
        status: 'warning',
        summary: `apiserver ${seeded.apiserverPods[0]} restarted 7 times`,
        remediation: expect.stringContaining('--previous'),
      });
      // The built-in checks are ok or unknown (the probe may not reach
      // acme.com here), so the warning is the instance's status.
      const others = body.checks.filter(
        (c: { id: string }) => c.id !== 'apiserver-restarts',
      );
      expect(others.map((c: { status: string }) => c.status)).not.toContain(
        'warning',
      );
      expect(others.map((c: { status: string }) => c.status)).not.toContain(
        'error',
      );
      expect(body.status).toBe('warning');
    } finally {
      await backend.stop();
    }
  });

  it('is ok for an apiserver that has not restarted', async () => {
    seedDirectoryInstance(api, {
      release: RELEASE,
      namespace: NAMESPACE,
      trustDomain: 'acme.com',
      baseDomain: 'acme.com',
    });
    const backend = await startBackend();
    try {
      const body = await health(backend);
      expect(
        body.checks.find((c: { id: string }) => c.id === 'apiserver-restarts'),
      ).toMatchObject({ title: 'apiserver restarts', status: 'ok' });
    } finally {
      await backend.stop();
    }
  });
});
