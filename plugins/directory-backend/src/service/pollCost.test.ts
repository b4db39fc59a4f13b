import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FakeKubernetesApi,
  seedDirectoryInstance,
} from '@directory-ops/simulated-cluster';
import request from 'supertest';
import {
  BASE_DOMAIN,
  clusterConfig,
  instanceEntity,
  TRUST_DOMAIN,
} from '../__testUtils__/cluster';
import { directoryPlugin } from '../plugin';

jest.setTimeout(90_000);

const INSTANCES = 6;

describe('the cost of a poll', () => {
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    for (let i = 0; i < INSTANCES; i++) {
      seedDirectoryInstance(api, {
        release: `dir-${i}`,
        namespace: `dir-${i}`,
        adminNamespace: `dir-${i}-admin`,
        trustDomain: TRUST_DOMAIN,
        baseDomain: BASE_DOMAIN,
      });
    }
  });
  afterAll(() => api.close());

  it('lists each kind once per cluster, not once per instance', async () => {
    api.stats.reset();
    // The mock scheduler runs the poll once at startup.
    const { server } = await startTestBackend({
      features: [
        directoryPlugin,
        catalogServiceMock.factory({
          entities: Array.from({ length: INSTANCES }, (_, i) =>
            instanceEntity({
              name: `dir-${i}`,
              cluster: 'eks-prod',
              release: `dir-${i}`,
              namespace: `dir-${i}`,
              adminNamespace: `dir-${i}-admin`,
            }),
          ),
        }),
        mockServices.rootConfig.factory({
          data: clusterConfig({ 'eks-prod': api }),
        }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
      ],
    });

    const paths = [...api.stats.requestsByPath.keys()];
    // No list or read is made per namespace; only log reads are per pod.
    expect(
      paths.filter(p => p.includes('/namespaces/') && !p.endsWith('/log')),
    ).toEqual([]);
    const logReads = paths.filter(p => p.endsWith('/log')).length;
    expect(logReads).toBe(INSTANCES);
    expect(api.stats.requests - logReads).toBeLessThanOrEqual(10);

    const { body } = await request(server).get('/api/directory/instances');
    expect(body.items).toHaveLength(INSTANCES);
    for (let i = 0; i < INSTANCES; i++) {
      const health = await request(server).get(
        `/api/directory/health?entityRef=resource:default/dir-${i}`,
      );
      const notOk = health.body.checks.filter(
        (c: { id: string; status: string }) =>
          c.status !== 'ok' && c.id !== 'tls-passthrough',
      );
      expect(notOk).toEqual([]);
    }
  });
});
