import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FakeKubernetesApi,
  seedDirectoryInstance,
} from '@directory-ops/simulated-cluster';
import request from 'supertest';
import { DIRECTORY_TECH_INSIGHTS_CHECKS } from './checks';
import { techInsightsModuleDirectory } from './module';

// Tech Insights with the Directory module and its checks (app-config.yaml):
// after the directory plugin polled an instance, the Tech Insights API
// returns the instance's facts and runs the checks on them.

type MockScheduler = ReturnType<typeof mockServices.scheduler> & {
  factory: typeof mockServices.scheduler.factory;
};

const INSTANCE_REF = 'resource:default/acme-prod-directory';
const RETRIEVER_ID = 'directoryInstanceFactRetriever';

const instance: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'acme-prod-directory',
    namespace: 'default',
    annotations: {
      'agntcy.org/trust-domain': 'acme.com',
      'agntcy.org/federation-profile': 'https_web',
      'agntcy.org/base-domain': 'acme.com',
      'agntcy.org/kubernetes-cluster': 'insights-eks',
      'agntcy.org/namespace': 'dir-acme',
      'agntcy.org/release': 'dir-acme',
      'agntcy.org/release-version': 'v1.7.0',
      'agntcy.org/federated-peers': 'spire.ads.outshift.io,globex.io',
    },
  },
  spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
};

describe('Tech Insights facts of Directory instances', () => {
  jest.setTimeout(60_000);

  let api: FakeKubernetesApi;
  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    seedDirectoryInstance(api, {
      release: 'dir-acme',
      namespace: 'dir-acme',
      trustDomain: 'acme.com',
      baseDomain: 'acme.com',
      faults: { pvc: 'lost' },
    });
  });
  afterAll(() => api.close());

  it('returns the facts of an instance and runs the Directory checks on them', async () => {
    const scheduler = mockServices.scheduler() as MockScheduler;
    const backend = await startTestBackend({
      features: [
        import('@directory-ops/plugin-directory-backend'),
        import('@backstage-community/plugin-tech-insights-backend'),
        import(
          '@backstage-community/plugin-tech-insights-backend-module-jsonfc'
        ),
        techInsightsModuleDirectory,
        catalogServiceMock.factory({ entities: [instance] }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            techInsights: {
              factRetrievers: {
                [RETRIEVER_ID]: { cadence: '*/5 * * * *' },
              },
              factChecker: { checks: DIRECTORY_TECH_INSIGHTS_CHECKS },
            },
            // Generous on a busy machine: a slow cluster read is not what this tests.
            directory: { clusterTimeout: '60s' },
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'insights-eks',
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
      ],
    });
    try {
      // The directory poll, whichever tasks it runs as.
      for (const task of await scheduler.getScheduledTasks()) {
        if (task.id.startsWith('directory-health-poll')) {
          await scheduler.triggerTask(task.id);
        }
      }
      await scheduler.triggerTask(RETRIEVER_ID);

      const facts = await request(backend.server)
        .get('/api/tech-insights/facts/latest')
        .query({ entity: INSTANCE_REF, 'ids[]': RETRIEVER_ID })
        .set('Authorization', mockCredentials.user.header());
      expect(facts.status).toBe(200);
      expect(facts.body[RETRIEVER_ID]).toEqual(
        expect.objectContaining({
          id: RETRIEVER_ID,
          entity: {
            namespace: 'default',
            kind: 'resource',
            name: 'acme-prod-directory',
          },
          facts: expect.objectContaining({
            status: 'error',
            checks: expect.objectContaining({ svid: 'ok', pvcs: 'error' }),
            checksInError: expect.any(Number),
            errorInLast24h: true,
            releaseVersion: 'v1.7.0',
            releaseIsNewestSupported: true,
            federationProfile: 'https_web',
            peerCount: 2,
          }),
        }),
      );

      const { facts: published } = facts.body[RETRIEVER_ID];
      expect(published.checksInError).toBe(
        Object.values(published.checks).filter(s => s === 'error').length,
      );

      const checks = await request(backend.server)
        .post(
          `/api/tech-insights/checks/run/default/resource/acme-prod-directory`,
        )
        .send({
          checks: ['directoryNoErrorFor24h', 'directoryNewestSupportedRelease'],
        })
        .set('Authorization', mockCredentials.user.header());
      expect(checks.status).toBe(200);
      expect(
        Object.fromEntries(
          (
            checks.body as Array<{ check: { id: string }; result: boolean }>
          ).map(c => [c.check.id, c.result]),
        ),
      ).toEqual({
        directoryNoErrorFor24h: false,
        directoryNewestSupportedRelease: true,
      });
    } finally {
      await backend.stop();
    }
  });
});
