import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  LIST_PAGE_SIZE,
} from '@directory-ops/plugin-directory-node';
import {
  FakeKubernetesApi,
  seedDirectoryInstance,
} from '@directory-ops/simulated-cluster';
import request from 'supertest';
import {
  BASE_DOMAIN,
  clusterConfig,
  instanceEntity,
  memoryLogStates,
  testConnector,
  TRUST_DOMAIN,
} from '../__testUtils__/cluster';
import { directoryPlugin } from '../plugin';
import { ClusterSnapshot } from './ClusterSnapshot';
import { SvidLogTracker } from './SvidLogTracker';

jest.setTimeout(60_000);

const NAMESPACE = 'dir-ns';
const LIMIT = 64 * 1024;
const FAILURE =
  'Failed to get valid X509-SVID: certificate contains no URI SAN';

function seed(api: FakeKubernetesApi, release = 'dir', namespace = NAMESPACE) {
  return seedDirectoryInstance(api, {
    release,
    namespace,
    trustDomain: TRUST_DOMAIN,
    baseDomain: BASE_DOMAIN,
  });
}

/**
 * Bytes of padding that put a full page of objects past the response byte
 * limit, and half a page under it.
 */
const FAT_OBJECT_BYTES = Math.floor(
  DEFAULT_MAX_RESPONSE_BYTES / (LIST_PAGE_SIZE * 0.75),
);
/** Requests for 120 fat objects: a full page refused, then pages of half as many. */
const FAT_LIST_REQUESTS = 1 + Math.ceil(120 / (LIST_PAGE_SIZE / 2));

describe('hostile clusters', () => {
  let api: FakeKubernetesApi;

  beforeEach(async () => {
    api = await FakeKubernetesApi.start();
  });
  afterEach(() => api.close());

  function snapshot(clusterWide = false) {
    const connector = testConnector({ 'eks-prod': api });
    return new ClusterSnapshot(
      'eks-prod',
      () => connector.connect('eks-prod', { maxResponseBytes: 1024 * 1024 }),
      { clusterWide },
    );
  }

  it.each(['endless-list', 'huge-list'] as const)(
    'aborts a list past the byte limit while reading (%s)',
    async fault => {
      seed(api);
      api.setFault(fault, { pathPrefix: '/api/v1' });
      await expect(snapshot().pods(NAMESPACE)).rejects.toThrow(
        'response too large',
      );
    },
  );

  it('reads a list at the default byte limit from a server that ignores limit', async () => {
    seed(api);
    const clusterWide = () => {
      const connector = testConnector({ 'eks-prod': api });
      return new ClusterSnapshot(
        'eks-prod',
        () => connector.connect('eks-prod'),
        { clusterWide: true },
      );
    };
    // The fake's default size is just under the default limit.
    api.setFault('near-limit-list', { pathPrefix: '/api/v1' });
    const pods = await clusterWide().pods('near-limit-0');
    expect(pods.length).toBeGreaterThan(0);
    expect(pods[0].status?.containerStatuses?.[0].ready).toBe(true);

    api.setFault('near-limit-list', {
      pathPrefix: '/api/v1',
      listBytes: DEFAULT_MAX_RESPONSE_BYTES + 64 * 1024,
    });
    await expect(clusterWide().pods(NAMESPACE)).rejects.toThrow(
      'response too large',
    );
  });

  it('asks for smaller pages while a page is past the byte limit', async () => {
    for (let i = 0; i < 120; i++) {
      api.put({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `fat-${i}`,
          namespace: 'fat',
          labels: { 'app.kubernetes.io/name': 'apiserver' },
          annotations: { note: 'x'.repeat(FAT_OBJECT_BYTES) },
        },
        spec: { containers: [{ name: 'apiserver', image: 'apiserver' }] },
      });
    }
    const connector = testConnector({ 'eks-prod': api });
    const cluster = new ClusterSnapshot(
      'eks-prod',
      () => connector.connect('eks-prod'),
      { clusterWide: true },
    );
    api.stats.reset();
    // A full page of these pods is past the limit; half a page is not.
    expect(await cluster.pods('fat')).toHaveLength(120);
    expect(api.stats.requestsByPath.get('/api/v1/pods')).toBe(
      FAT_LIST_REQUESTS,
    );
  });

  it('pages custom object lists', async () => {
    for (let i = 0; i < 120; i++) {
      api.put({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: `app-${i}`, namespace: 'argocd' },
        status: { summary: { images: ['x'.repeat(FAT_OBJECT_BYTES)] } },
      });
    }
    const connector = testConnector({ 'eks-prod': api });
    const cluster = new ClusterSnapshot('eks-prod', () =>
      connector.connect('eks-prod'),
    );
    api.stats.reset();
    const apps = await cluster.customObjects({
      group: 'argoproj.io',
      version: 'v1alpha1',
      plural: 'applications',
      namespace: 'argocd',
    });
    expect(apps).toHaveLength(120);
    expect(
      api.stats.requestsByPath.get(
        '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications',
      ),
    ).toBe(FAT_LIST_REQUESTS);
  });

  it('turns a check unknown with "response too large"', async () => {
    seed(api);
    api.setFault('endless-list', { pathPrefix: '/api/v1' });
    const { server } = await startTestBackend({
      features: [
        directoryPlugin,
        catalogServiceMock.factory({
          entities: [
            instanceEntity({
              name: 'flooded',
              cluster: 'eks-prod',
              release: 'dir',
              namespace: NAMESPACE,
            }),
          ],
        }),
        mockServices.rootConfig.factory({
          data: clusterConfig({ 'eks-prod': api }),
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    const refresh = await request(server).post(
      '/api/directory/health/refresh?entityRef=resource:default/flooded',
    );
    expect(
      refresh.body.checks.find((c: { id: string }) => c.id === 'svid'),
    ).toMatchObject({
      status: 'unknown',
      summary: expect.stringContaining('response too large'),
    });
  });

  it('caps a log read on our side when the server ignores limitBytes', async () => {
    const seeded = seed(api);
    const start = Date.now() - 60_000;
    for (let i = 0; i < 2_000; i++) {
      api.appendPodLog(
        NAMESPACE,
        seeded.apiserverPods[0],
        'apiserver',
        `filler ${'x'.repeat(1_000)}`,
        new Date(start + i * 10),
      );
    }
    api.setFault('log-ignores-limit');
    const text = await snapshot().readPodLog({
      namespace: NAMESPACE,
      pod: seeded.apiserverPods[0],
      container: 'apiserver',
      limitBytes: LIMIT,
    });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(LIMIT);
    expect(api.stats.logBytesServed).toBeGreaterThan(1_000_000);
  });

  describe('the SVID log tracker always moves forward', () => {
    const read = (
      tracker: SvidLogTracker,
      pod: string,
      namespace = NAMESPACE,
    ) =>
      tracker.read({
        cluster: snapshot(),
        namespace,
        pod,
        container: 'apiserver',
        containerId: 'c1',
        now: new Date(),
      });

    it('reads past a second fuller than the byte limit', async () => {
      const pod = seed(api, 'dir', 'dir-quiet').apiserverPods[0];
      // A fresh namespace so that only these lines are in the log.
      const t0 = Math.floor(Date.now() / 1000) * 1000 - 10_000;
      const log = (line: string, at: number) =>
        api.appendPodLog('dir-quiet', pod, 'apiserver', line, new Date(at));
      // 300 KB within half a second.
      for (let i = 0; i < 300; i++) {
        log(`noise ${'y'.repeat(1_000)}`, t0 + 100 + i);
      }
      log(FAILURE, t0 + 2_000);

      const tracker = new SvidLogTracker({
        limitBytes: LIMIT,
        states: memoryLogStates(),
      });
      const verdicts: string[] = [];
      for (let poll = 0; poll < 8; poll++) {
        const reading = await read(tracker, pod, 'dir-quiet');
        verdicts.push(reading.verdict?.outcome ?? 'none');
      }
      expect(verdicts[verdicts.length - 1]).toBe('failure');
    });

    it('skips and reports a line longer than the byte limit', async () => {
      const pod = seed(api, 'dir', 'dir-long').apiserverPods[0];
      const t0 = Math.floor(Date.now() / 1000) * 1000 - 10_000;
      const log = (line: string, at: number) =>
        api.appendPodLog('dir-long', pod, 'apiserver', line, new Date(at));
      log(`huge ${'z'.repeat(300 * 1024)}`, t0);
      log(FAILURE, t0 + 2_500);

      const tracker = new SvidLogTracker({
        limitBytes: LIMIT,
        states: memoryLogStates(),
      });
      const readings = [];
      for (let poll = 0; poll < 5; poll++) {
        readings.push(await read(tracker, pod, 'dir-long'));
      }
      expect(readings.map(r => r.skipped).filter(Boolean)).toEqual([
        expect.stringContaining(`does not fit in the ${LIMIT}-byte read limit`),
      ]);
      expect(readings[readings.length - 1].verdict?.outcome).toBe('failure');
    });

    it('reads a plain log', async () => {
      const pod = seed(api).apiserverPods[0];
      const tracker = new SvidLogTracker({
        limitBytes: LIMIT,
        states: memoryLogStates(),
      });
      expect((await read(tracker, pod)).verdict?.outcome).toBe('success');
    });
  });
});
