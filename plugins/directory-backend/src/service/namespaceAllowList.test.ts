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
import { DEFAULT_ALLOWED_NAMESPACES } from '../config';
import { directoryPlugin } from '../plugin';
import { NamespaceAllowList } from './namespaceAllowList';

jest.setTimeout(60_000);

describe('NamespaceAllowList', () => {
  it('excludes kube-* and the platform namespaces by default', () => {
    const list = new NamespaceAllowList(DEFAULT_ALLOWED_NAMESPACES);
    for (const namespace of ['kube-system', 'kube-public', 'argocd']) {
      expect(list.allows(namespace)).toBe(false);
    }
    expect(list.allows('dir-prod-dir')).toBe(true);
  });

  it('takes patterns and exclusions', () => {
    const list = new NamespaceAllowList(['dir-*', '!dir-sandbox']);
    expect(list.allows('dir-prod')).toBe(true);
    expect(list.allows('dir-sandbox')).toBe(false);
    expect(list.allows('payments')).toBe(false);
  });
});

describe('an instance outside directory.namespaces.allowed', () => {
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    seedDirectoryInstance(api, {
      release: 'dir',
      namespace: 'kube-system',
      trustDomain: TRUST_DOMAIN,
      baseDomain: BASE_DOMAIN,
    });
  });
  afterAll(() => api.close());

  it('is unknown with the reason, and the cluster is not read', async () => {
    const { server } = await startTestBackend({
      features: [
        directoryPlugin,
        catalogServiceMock.factory({
          entities: [
            instanceEntity({
              name: 'sneaky',
              cluster: 'eks-prod',
              release: 'dir',
              namespace: 'kube-system',
            }),
          ],
        }),
        mockServices.rootConfig.factory({
          data: clusterConfig({ 'eks-prod': api }),
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    api.stats.reset();
    const refresh = await request(server).post(
      '/api/directory/health/refresh?entityRef=resource:default/sneaky',
    );
    expect(refresh.status).toBe(200);
    expect(refresh.body.status).toBe('unknown');
    expect(refresh.body.checks.length).toBeGreaterThan(0);
    for (const check of refresh.body.checks) {
      expect(check).toMatchObject({
        status: 'unknown',
        summary: expect.stringContaining(
          'namespace kube-system is outside directory.namespaces.allowed',
        ),
      });
    }
    expect(api.stats.requests).toBe(0);
  });
});
