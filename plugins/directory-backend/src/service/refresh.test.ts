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

jest.setTimeout(60_000);

const REF = 'resource:default/refreshed';

describe('POST /health/refresh', () => {
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    seedDirectoryInstance(api, {
      release: 'dir',
      namespace: 'dir-ns',
      adminNamespace: 'dir-admin',
      trustDomain: TRUST_DOMAIN,
      baseDomain: BASE_DOMAIN,
    });
  });
  afterAll(() => api.close());

  async function start(minInterval: string) {
    const { server } = await startTestBackend({
      features: [
        directoryPlugin,
        catalogServiceMock.factory({
          entities: [
            instanceEntity({
              name: 'refreshed',
              cluster: 'eks-prod',
              release: 'dir',
              namespace: 'dir-ns',
              adminNamespace: 'dir-admin',
            }),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            ...clusterConfig({ 'eks-prod': api }),
            directory: { clusterTimeout: '10s', refresh: { minInterval } },
          },
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    return server;
  }

  const refresh = (server: Parameters<typeof request>[0]) =>
    request(server).post(`/api/directory/health/refresh?entityRef=${REF}`);

  it('makes concurrent refreshes of one instance share one poll', async () => {
    const server = await start('0s');
    // One refresh alone, for the cost of one poll.
    api.stats.reset();
    expect((await refresh(server)).status).toBe(200);
    const onePoll = api.stats.requests;
    expect(onePoll).toBeGreaterThan(0);

    api.setLatency(50);
    api.stats.reset();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => refresh(server)),
    );
    api.setLatency(0);
    expect(answers.map(a => a.status)).toEqual(answers.map(() => 200));
    expect(new Set(answers.map(a => a.body.checkedAt)).size).toBe(1);
    expect(api.stats.requests).toBe(onePoll);
  });

  it('answers a refresh within directory.refresh.minInterval from the stored result', async () => {
    const server = await start('1m');
    const first = await refresh(server);
    expect(first.status).toBe(200);

    api.stats.reset();
    for (let i = 0; i < 20; i++) {
      const again = await refresh(server);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
    }
    expect(api.stats.requests).toBe(0);
  });
});
