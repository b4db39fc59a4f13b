import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FakeKubernetesApi,
  seedDirectoryInstance,
} from '@directory-ops/simulated-cluster';
import {
  BASE_DOMAIN,
  instanceEntity,
  TRUST_DOMAIN,
} from '../__testUtils__/cluster';
import {
  invokeAction,
  startActionsBackend,
} from '../__testUtils__/actionsBackend';
import { examples } from './createRefreshDirectoryInstanceHealthAction.examples';

jest.setTimeout(30_000);

const entity = instanceEntity({
  name: 'dir-prod',
  cluster: 'eks-prod',
  namespace: 'dir-prod',
  release: 'dir',
});

describe('refresh-directory-instance-health', () => {
  let api: FakeKubernetesApi;
  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    seedDirectoryInstance(api, {
      release: 'dir',
      namespace: 'dir-prod',
      trustDomain: TRUST_DOMAIN,
      baseDomain: BASE_DOMAIN,
    });
  });
  afterAll(() => api.close());

  it('runs the checks now and returns the stored result', async () => {
    const backend = await startActionsBackend({
      entities: [entity],
      clusters: { 'eks-prod': api },
    });
    try {
      const refreshed = await invokeAction(
        backend,
        'refresh-directory-instance-health',
        { entityRef: 'resource:default/dir-prod' },
      );
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.output.checks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: 'svid', status: 'ok' }),
          expect.objectContaining({ id: 'pvcs', status: 'ok' }),
        ]),
      );
      const stored = await invokeAction(
        backend,
        'get-directory-instance-health',
        { entityRef: 'resource:default/dir-prod' },
      );
      expect(stored.body.output.checkedAt).toBe(
        refreshed.body.output.checkedAt,
      );
    } finally {
      await backend.stop();
    }
  });

  it('honours directory.instance.refresh for the caller', async () => {
    const backend = await startActionsBackend({
      entities: [entity],
      clusters: { 'eks-prod': api },
      permissions: AuthorizeResult.DENY,
    });
    try {
      const res = await invokeAction(
        backend,
        'refresh-directory-instance-health',
        { entityRef: 'resource:default/dir-prod' },
      );
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'Not allowed: directory.instance.refresh',
      );
    } finally {
      await backend.stop();
    }
  });

  it('has examples whose input names an instance', () => {
    for (const example of examples) {
      expect(example.input.entityRef).toMatch(/^resource:/);
    }
  });
});
