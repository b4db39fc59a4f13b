import {
  ArgoCdApplicationState,
  FakeKubernetesApi,
  seedArgoCdApplication,
} from '@directory-ops/simulated-cluster';
import {
  testCheckContext,
  testConnector,
  testInstance,
} from '../__testUtils__/cluster';
import { ClusterSnapshot } from '../cluster/ClusterSnapshot';
import { ArgoCdSettings } from '../config';
import { ArgoCdAppState, commitUrl, createArgoCdCheck } from './argocd';

// The first test pays for starting the fake and loading client-node on a busy machine.
jest.setTimeout(60_000);

const SYNCED = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const settings: ArgoCdSettings = {
  namespace: 'argocd',
  progressingTimeoutMs: 10 * 60 * 1000,
};

function seedApp(
  api: FakeKubernetesApi,
  name: string,
  state: ArgoCdApplicationState,
  options: { instance?: string; namespace?: string } = {},
) {
  seedArgoCdApplication(api, {
    name,
    namespace: options.namespace,
    labels: { instance: options.instance ?? 'acme-directory', env: 'prod' },
    chart: {
      repoURL: 'ghcr.io/agntcy/dir/helm-charts',
      name: 'dir',
      version: 'v1.7.0',
    },
    gitops: {
      repoURL: 'https://github.com/acme/gitops.git',
      targetRevision: 'main',
    },
    syncedRevision: SYNCED,
    destination: {
      server: 'https://kubernetes.default.svc',
      namespace: 'dir-prod',
    },
    state,
  });
}

describe('argocd check', () => {
  let api: FakeKubernetesApi;

  beforeEach(async () => {
    api = await FakeKubernetesApi.start();
  });
  afterEach(() => api.close());

  const run = (overrides: Partial<ArgoCdSettings> = {}) =>
    createArgoCdCheck({ ...settings, ...overrides }).run(
      testCheckContext(api, {
        instance: testInstance({ argocdAppName: 'acme-directory-dir' }),
      }),
    );
  const appsOf = (outcome: Awaited<ReturnType<typeof run>>) =>
    (outcome?.details?.apps ?? []) as ArgoCdAppState[];

  it('does not apply to an instance without argocd/app-name', async () => {
    const outcome = await createArgoCdCheck(settings).run(
      testCheckContext(api, { instance: testInstance() }),
    );
    expect(outcome).toBeUndefined();
  });

  it('is ok when every app of the instance is Synced and Healthy, with each revision linked', async () => {
    seedApp(api, 'acme-directory-dir', { sync: 'Synced', health: 'Healthy' });
    seedApp(api, 'acme-directory-spire', { sync: 'Synced', health: 'Healthy' });
    seedApp(
      api,
      'globex-directory-dir',
      { sync: 'OutOfSync', health: 'Degraded' },
      { instance: 'globex-directory' },
    );
    const outcome = await run();
    expect(outcome).toEqual(
      expect.objectContaining({
        status: 'ok',
        summary: '2 Argo CD app(s) Synced and Healthy',
      }),
    );
    expect(outcome?.details).toEqual(
      expect.objectContaining({ cluster: 'eks-prod', namespace: 'argocd' }),
    );
    expect(appsOf(outcome)).toEqual([
      expect.objectContaining({
        name: 'acme-directory-dir',
        sync: 'Synced',
        health: 'Healthy',
        revision: SYNCED,
        repoURL: 'https://github.com/acme/gitops.git',
        revisionUrl: `https://github.com/acme/gitops/commit/${SYNCED}`,
        status: 'ok',
      }),
      expect.objectContaining({ name: 'acme-directory-spire', status: 'ok' }),
    ]);
  });

  it('warns when an app is OutOfSync', async () => {
    seedApp(api, 'acme-directory-dir', {
      sync: 'OutOfSync',
      health: 'Healthy',
    });
    const outcome = await run();
    expect(outcome?.status).toBe('warning');
    expect(outcome?.summary).toBe(
      'acme-directory-dir is OutOfSync with its GitOps repository',
    );
    expect(outcome?.remediation).toMatch(/^Sync the app in Argo CD/);
  });

  it('is an error for a Degraded app or a failed sync', async () => {
    seedApp(api, 'acme-directory-dir', { sync: 'Synced', health: 'Degraded' });
    seedApp(api, 'acme-directory-spire', {
      sync: 'OutOfSync',
      health: 'Healthy',
      operationPhase: 'Failed',
      operationMessage: 'one or more objects failed to apply',
    });
    const outcome = await run();
    expect(outcome?.status).toBe('error');
    expect(outcome?.summary).toBe(
      'acme-directory-dir is Degraded; acme-directory-spire: the last sync failed',
    );
    expect(appsOf(outcome)[1]).toEqual(
      expect.objectContaining({
        operationPhase: 'Failed',
        message: 'one or more objects failed to apply',
        status: 'error',
      }),
    );
  });

  it('warns only when an app is Progressing longer than directory.argocd.progressingTimeout', async () => {
    seedApp(api, 'acme-directory-dir', {
      sync: 'Synced',
      health: 'Progressing',
      healthForSeconds: 5 * 60,
    });
    expect((await run())?.status).toBe('ok');
    const outcome = await run({ progressingTimeoutMs: 2 * 60 * 1000 });
    expect(outcome?.status).toBe('warning');
    expect(outcome?.summary).toBe(
      'acme-directory-dir has been Progressing for more than 2 min',
    );
  });

  it('warns when the named app does not exist', async () => {
    seedApp(api, 'other-app', { sync: 'Synced', health: 'Healthy' });
    const outcome = await run();
    expect(outcome?.status).toBe('warning');
    expect(outcome?.summary).toBe(
      'No Argo CD application acme-directory-dir in namespace argocd on cluster eks-prod',
    );
  });

  it('is unknown when the applications cannot be read', async () => {
    api.setFault('forbidden');
    const outcome = await run();
    expect(outcome?.status).toBe('unknown');
    expect(outcome?.summary).toMatch(
      /^Could not read the Argo CD applications in argocd: forbidden \(403\)/,
    );
    expect(outcome?.remediation).toMatch(/applications\.argoproj\.io/);
  });

  it('reads Argo CD from directory.argocd.cluster and .namespace', async () => {
    const argoCluster = await FakeKubernetesApi.start();
    try {
      seedApp(
        argoCluster,
        'acme-directory-dir',
        { sync: 'Synced', health: 'Healthy' },
        { namespace: 'gitops' },
      );
      const connector = testConnector({ 'argo-mgmt': argoCluster });
      const outcome = await createArgoCdCheck({
        ...settings,
        cluster: 'argo-mgmt',
        namespace: 'gitops',
      }).run(
        testCheckContext(api, {
          instance: testInstance({ argocdAppName: 'acme-directory-dir' }),
          otherCluster: name =>
            new ClusterSnapshot(name, () => connector.connect(name)),
        }),
      );
      expect(outcome?.status).toBe('ok');
      expect(outcome?.details).toEqual(
        expect.objectContaining({ cluster: 'argo-mgmt', namespace: 'gitops' }),
      );
    } finally {
      await argoCluster.close();
    }
  });

  it('links commits on GitHub, GitLab and Bitbucket only', () => {
    expect(commitUrl('git@github.com:acme/gitops.git', 'abc1234')).toBe(
      'https://github.com/acme/gitops/commit/abc1234',
    );
    expect(
      commitUrl('https://gitlab.acme.com/platform/gitops', 'abc1234'),
    ).toBe('https://gitlab.acme.com/platform/gitops/-/commit/abc1234');
    expect(
      commitUrl('https://git.acme.com/gitops.git', 'abc1234'),
    ).toBeUndefined();
    expect(
      commitUrl('https://github.com/acme/gitops', 'v1.7.0'),
    ).toBeUndefined();
  });
});
