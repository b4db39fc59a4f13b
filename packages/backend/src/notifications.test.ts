import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createCertificateAuthority,
  FakeKubernetesApi,
  issueSvid,
  seedDirectoryInstance,
  startTlsEndpoint,
  TlsEndpoint,
} from '@directory-ops/simulated-cluster';
import request from 'supertest';

// The directory plugin and the real notifications backend in one test
// backend: a poll that breaks an instance sends its owner one notification.

type MockScheduler = ReturnType<typeof mockServices.scheduler> & {
  factory: typeof mockServices.scheduler.factory;
};

// The poll task of the cluster the instance runs on.
const POLL_TASK_ID = 'directory-health-poll:notify-eks';
const INSTANCE_REF = 'resource:default/acme-prod-directory';
const OWNER_MEMBER = 'user:default/alice';

const seedOptions = {
  release: 'dir-acme',
  namespace: 'dir-acme',
  adminNamespace: 'dir-acme-admin',
  trustDomain: 'acme.com',
  baseDomain: 'acme.com',
};

const entities: Entity[] = [
  {
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
        'agntcy.org/kubernetes-cluster': 'notify-eks',
        'agntcy.org/namespace': 'dir-acme',
        'agntcy.org/admin-namespace': 'dir-acme-admin',
        'agntcy.org/release': 'dir-acme',
      },
    },
    spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: OWNER_MEMBER }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: { memberOf: ['group:default/platform'] },
  },
];

describe('notifications of Directory status changes', () => {
  jest.setTimeout(60_000);

  let api: FakeKubernetesApi;
  let endpoint: TlsEndpoint;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
  });
  afterAll(async () => {
    await endpoint?.close();
    await api.close();
  });

  it('sends the owner exactly one notification when a poll breaks an instance', async () => {
    const seeded = seedDirectoryInstance(api, seedOptions);
    const spire = createCertificateAuthority('SPIRE');
    endpoint = await startTlsEndpoint({
      certificate: issueSvid(spire, {
        trustDomain: 'acme.com',
        path: new URL(seeded.spiffeId).pathname,
        dnsNames: [seeded.apiHost],
      }),
      requestClientCert: true,
    });
    // The mock scheduler instance also makes its factory, so the test can
    // trigger the poll task of the backend it installs into.
    const scheduler = mockServices.scheduler() as MockScheduler;
    const backend = await startTestBackend({
      features: [
        import('@directory-ops/plugin-directory-backend'),
        import('@backstage/plugin-notifications-backend'),
        catalogServiceMock.factory({ entities }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'notify-eks',
                      url: api.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: api.token,
                      caData: api.caData,
                    },
                  ],
                },
              ],
            },
            directory: {
              // Generous on a busy machine: a slow cluster read is not what this tests.
              clusterTimeout: '60s',
              probe: {
                allowedDomains: ['acme.com'],
                resolve: [
                  `${seeded.apiHost}:443:${endpoint.host}:${endpoint.port}`,
                ],
              },
            },
          },
        }),
      ],
    });

    const statusNow = async () => {
      const res = await request(backend.server)
        .get(
          `/api/directory/health?entityRef=${encodeURIComponent(INSTANCE_REF)}`,
        )
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return res.body.status as string;
    };
    const notificationsOfOwner = async () => {
      const res = await request(backend.server)
        .get('/api/notifications/notifications')
        .set('Authorization', mockCredentials.user.header(OWNER_MEMBER));
      expect(res.status).toBe(200);
      return res.body as {
        totalCount: number;
        notifications: Array<{
          user: string;
          payload: Record<string, string>;
        }>;
      };
    };

    try {
      await scheduler.triggerTask(POLL_TASK_ID);
      expect(await statusNow()).not.toBe('error');
      await scheduler.triggerTask(POLL_TASK_ID);
      expect((await notificationsOfOwner()).totalCount).toBe(0);

      // The routing PVC is lost: the next poll finds the instance in error.
      seedDirectoryInstance(api, { ...seedOptions, faults: { pvc: 'lost' } });
      await scheduler.triggerTask(POLL_TASK_ID);
      expect(await statusNow()).toBe('error');
      await scheduler.triggerTask(POLL_TASK_ID);
      await scheduler.triggerTask(POLL_TASK_ID);

      const { totalCount, notifications } = await notificationsOfOwner();
      expect(totalCount).toBe(1);
      expect(notifications[0].user).toBe(OWNER_MEMBER);
      expect(notifications[0].payload).toEqual(
        expect.objectContaining({
          title: 'ACME production Directory is error',
          link: '/catalog/default/resource/acme-prod-directory',
          severity: 'high',
          topic: INSTANCE_REF,
        }),
      );
      expect(notifications[0].payload.description).toMatch(
        /^Persistent volumes \(error\)/m,
      );
    } finally {
      await backend.stop();
    }
  });
});
