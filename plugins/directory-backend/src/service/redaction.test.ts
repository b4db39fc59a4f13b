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

const REF = 'resource:default/leaky';
// Credential-shaped fixtures, assembled so no scanner mistakes them for real ones.
const DSN_PASSWORD = ['hunter', '2-dsn'].join('');
const AWS_SECRET = ['wJalrXUtnFEMI', '/K7MDENG/bPxRfiCY', 'EXAMPLEKEY'].join(
  '',
);

describe('redaction of what checks quote', () => {
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
  });
  afterAll(() => api.close());

  it('never serves or stores a credential from a matched log line', async () => {
    const seeded = seedDirectoryInstance(api, {
      release: 'dir',
      namespace: 'dir-ns',
      trustDomain: TRUST_DOMAIN,
      baseDomain: BASE_DOMAIN,
    });
    api.appendPodLog(
      'dir-ns',
      seeded.apiserverPods[0],
      'apiserver',
      `Failed to get valid X509-SVID: store postgres://dir:${DSN_PASSWORD}@db:5432/dir unavailable, AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`,
    );
    const { server } = await startTestBackend({
      features: [
        directoryPlugin,
        catalogServiceMock.factory({
          entities: [
            instanceEntity({
              name: 'leaky',
              cluster: 'eks-prod',
              release: 'dir',
              namespace: 'dir-ns',
            }),
          ],
        }),
        mockServices.rootConfig.factory({
          data: { ...clusterConfig({ 'eks-prod': api }) },
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });

    const refresh = await request(server).post(
      `/api/directory/health/refresh?entityRef=${REF}`,
    );
    const svid = refresh.body.checks.find(
      (c: { id: string }) => c.id === 'svid',
    );
    expect(svid).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('Failed to get valid X509-SVID'),
    });
    const answers = [
      refresh.body,
      (await request(server).get(`/api/directory/health?entityRef=${REF}`))
        .body,
      (await request(server).get('/api/directory/instances')).body,
      (
        await request(server).get(
          `/api/directory/health/history?entityRef=${REF}`,
        )
      ).body,
    ];
    const served = JSON.stringify(answers);
    expect(served).toContain('[redacted]');
    expect(served).not.toContain(DSN_PASSWORD);
    expect(served).not.toContain(AWS_SECRET);
  });
});
