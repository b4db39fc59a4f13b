import https from 'node:https';
import { FakeKubernetesApi, KubeObject } from './FakeKubernetesApi';

type ClientNode = typeof import('@kubernetes/client-node');

function pod(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  phase = 'Running',
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: {
      containers: [
        { name: 'apiserver', image: 'ghcr.io/agntcy/dir-apiserver:v1.7.0' },
      ],
    },
    status: { phase },
  };
}

describe('FakeKubernetesApi driven by @kubernetes/client-node', () => {
  let k8s: ClientNode;
  let api: FakeKubernetesApi;

  function client(token = api.token) {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: api.url, caData: api.caData }],
      users: [{ name: 'backstage', token }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'backstage' }],
      currentContext: 'fake',
    });
    return kc;
  }

  beforeAll(async () => {
    k8s = await import('@kubernetes/client-node');
    api = await FakeKubernetesApi.start();
  });

  afterAll(async () => {
    await api.close();
  });

  beforeEach(() => {
    api.setFault(undefined);
    api.setLatency(0);
    api.stats.reset();
  });

  it('lists pods by label selector and reads one', async () => {
    api.put(
      pod('dir', 'dir-apiserver-a', {
        'app.kubernetes.io/name': 'apiserver',
        'app.kubernetes.io/instance': 'dir',
      }),
    );
    api.put(
      pod('dir', 'dir-reconciler-b', {
        'app.kubernetes.io/name': 'reconciler',
        'app.kubernetes.io/instance': 'dir',
      }),
    );
    api.put(
      pod(
        'other',
        'other-apiserver-c',
        { 'app.kubernetes.io/name': 'apiserver' },
        'Pending',
      ),
    );
    const core = client().makeApiClient(k8s.CoreV1Api);

    const list = await core.listNamespacedPod({
      namespace: 'dir',
      labelSelector: 'app.kubernetes.io/name=apiserver',
    });
    expect(list.items.map(p => p.metadata?.name)).toEqual(['dir-apiserver-a']);
    expect(list.items[0].metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(list.items[0].metadata?.creationTimestamp).toBeInstanceOf(Date);

    const selectors: Array<[string, string[]]> = [
      [
        'app.kubernetes.io/name in (apiserver,reconciler),app.kubernetes.io/instance==dir',
        ['dir-apiserver-a', 'dir-reconciler-b'],
      ],
      ['app.kubernetes.io/name notin (apiserver)', ['dir-reconciler-b']],
      ['app.kubernetes.io/name!=apiserver', ['dir-reconciler-b']],
      ['app.kubernetes.io/instance', ['dir-apiserver-a', 'dir-reconciler-b']],
      ['!app.kubernetes.io/instance', ['other-apiserver-c']],
    ];
    for (const [labelSelector, names] of selectors) {
      const all = await core.listPodForAllNamespaces({ labelSelector });
      expect(all.items.map(p => p.metadata?.name)).toEqual(names);
    }
    const pending = await core.listPodForAllNamespaces({
      fieldSelector: 'status.phase!=Running',
    });
    expect(pending.items.map(p => p.metadata?.name)).toEqual([
      'other-apiserver-c',
    ]);
    const byName = await core.listNamespacedPod({
      namespace: 'dir',
      fieldSelector: 'metadata.name=dir-reconciler-b',
    });
    expect(byName.items.map(p => p.metadata?.name)).toEqual([
      'dir-reconciler-b',
    ]);

    const read = await core.readNamespacedPod({
      namespace: 'dir',
      name: 'dir-apiserver-a',
    });
    expect(read.status?.phase).toBe('Running');
    expect(api.stats.requestsByPath.get('/api/v1/namespaces/dir/pods')).toBe(2);
  });

  it('answers the other typed clients', async () => {
    const kc = client();
    api.put({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'dir-apiserver', namespace: 'dir' },
      spec: { strategy: { type: 'Recreate' } },
    });
    api.put({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'dir-dirctl-search', namespace: 'dir-admin' },
      spec: { schedule: '*/5 * * * *' },
    });
    api.put({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'dir-apiserver', namespace: 'dir' },
      spec: {},
    });
    api.put({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'ebs-sc-encrypted' },
      provisioner: 'ebs.csi.aws.com',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    api.put({
      apiVersion: 'spire.spiffe.io/v1alpha1',
      kind: 'ClusterSPIFFEID',
      metadata: { name: 'dir-apiserver' },
      spec: { className: 'dir-spire' },
    });

    const deployment = await kc
      .makeApiClient(k8s.AppsV1Api)
      .readNamespacedDeployment({ namespace: 'dir', name: 'dir-apiserver' });
    expect(deployment.spec?.strategy?.type).toBe('Recreate');
    const cronJobs = await kc
      .makeApiClient(k8s.BatchV1Api)
      .listNamespacedCronJob({ namespace: 'dir-admin' });
    expect(cronJobs.items[0].spec?.schedule).toBe('*/5 * * * *');
    const ingresses = await kc
      .makeApiClient(k8s.NetworkingV1Api)
      .listNamespacedIngress({ namespace: 'dir' });
    expect(ingresses.items).toHaveLength(1);
    const storageClass = await kc
      .makeApiClient(k8s.StorageV1Api)
      .readStorageClass({ name: 'ebs-sc-encrypted' });
    expect(storageClass.volumeBindingMode).toBe('WaitForFirstConsumer');
    const ids = (await kc
      .makeApiClient(k8s.CustomObjectsApi)
      .listClusterCustomObject({
        group: 'spire.spiffe.io',
        version: 'v1alpha1',
        plural: 'clusterspiffeids',
      })) as { kind: string; items: KubeObject[] };
    expect(ids.kind).toBe('ClusterSPIFFEIDList');
    expect(ids.items[0].kind).toBe('ClusterSPIFFEID');
    const version = await kc.makeApiClient(k8s.VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.31/);
  });

  it('serves pod logs like the kubelet', async () => {
    api.put(pod('logs', 'dir-apiserver-x', {}));
    const t0 = new Date('2026-11-28T01:00:00.000Z');
    api.appendPodLog(
      'logs',
      'dir-apiserver-x',
      'apiserver',
      'time=2026-11-28T01:00:00.000Z level=INFO msg="Server starting"',
      t0,
    );
    api.appendPodLog(
      'logs',
      'dir-apiserver-x',
      'apiserver',
      'second',
      new Date(t0.getTime() + 1500),
    );
    api.appendPodLog(
      'logs',
      'dir-apiserver-x',
      'apiserver',
      'third',
      new Date(),
    );
    const core = client().makeApiClient(k8s.CoreV1Api);

    const all = await core.readNamespacedPodLog({
      namespace: 'logs',
      name: 'dir-apiserver-x',
      container: 'apiserver',
    });
    expect(all).toBe(
      'time=2026-11-28T01:00:00.000Z level=INFO msg="Server starting"\nsecond\nthird\n',
    );
    const stamped = await core.readNamespacedPodLog({
      namespace: 'logs',
      name: 'dir-apiserver-x',
      timestamps: true,
      tailLines: 2,
    });
    expect(stamped.split('\n')[0]).toBe('2026-11-28T01:00:01.5Z second');
    const recent = await core.readNamespacedPodLog({
      namespace: 'logs',
      name: 'dir-apiserver-x',
      sinceSeconds: 60,
    });
    expect(recent).toBe('third\n');
    const limited = await core.readNamespacedPodLog({
      namespace: 'logs',
      name: 'dir-apiserver-x',
      limitBytes: 10,
    });
    expect(limited).toBe('time=2026-');
    expect(api.stats.logBytesServed).toBe(
      all.length + stamped.length + recent.length + limited.length,
    );

    const since = await fetchText(
      `/api/v1/namespaces/logs/pods/dir-apiserver-x/log?sinceTime=2026-11-28T01:00:01Z`,
    );
    expect(since).toBe('second\nthird\n');
    await expect(
      core.readNamespacedPodLog({
        namespace: 'logs',
        name: 'dir-apiserver-x',
        container: 'sidecar',
      }),
    ).rejects.toMatchObject({ code: 400 });
  });

  it('answers errors with Status objects', async () => {
    const core = client().makeApiClient(k8s.CoreV1Api);
    await expect(
      core.readNamespacedPod({ namespace: 'dir', name: 'missing' }),
    ).rejects.toMatchObject({
      code: 404,
    });
    const notFound = JSON.parse(
      await fetchText('/api/v1/namespaces/dir/pods/missing'),
    );
    expect(notFound).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'pods "missing" not found',
      code: 404,
    });

    await expect(
      client('wrong')
        .makeApiClient(k8s.CoreV1Api)
        .listNamespacedPod({ namespace: 'dir' }),
    ).rejects.toMatchObject({
      code: 401,
    });

    api.setFault('forbidden', { pathPrefix: '/apis/batch' });
    await expect(
      client()
        .makeApiClient(k8s.BatchV1Api)
        .listNamespacedJob({ namespace: 'dir-admin' }),
    ).rejects.toMatchObject({
      code: 403,
      body: expect.stringContaining(
        'cannot list resource \\"jobs\\" in API group \\"batch\\" in the namespace \\"dir-admin\\"',
      ),
    });
    await expect(
      core.listNamespacedPod({ namespace: 'dir' }),
    ).resolves.toBeDefined();

    api.setFault('server-error');
    await expect(
      core.listNamespacedPod({ namespace: 'dir' }),
    ).rejects.toMatchObject({ code: 500 });
    api.setFault('malformed-json');
    await expect(core.listNamespacedPod({ namespace: 'dir' })).rejects.toThrow(
      SyntaxError,
    );
    api.setFault('refuse');
    await expect(
      core.listNamespacedPod({ namespace: 'dir' }),
    ).rejects.toThrow();

    api.setFault('hang');
    const controller = new AbortController();
    const hanging = fetchText('/api/v1/namespaces/dir/pods', controller.signal);
    setTimeout(() => controller.abort(), 200);
    await expect(hanging).rejects.toThrow();

    api.setFault(undefined);
    const bad = JSON.parse(
      await fetchText('/api/v1/pods?fieldSelector=spec.nodeName%3Dx'),
    );
    expect(bad).toMatchObject({
      code: 400,
      message: 'field label not supported: spec.nodeName',
    });
  });

  it('answers pod lists with a valid list just under a byte size, ignoring limit', async () => {
    const listBytes = 256 * 1024;
    api.setFault('near-limit-list', { listBytes });
    const raw = await fetchText('/api/v1/pods?limit=5');
    expect(raw.length).toBeLessThanOrEqual(listBytes);
    expect(raw.length).toBeGreaterThan(listBytes - 8 * 1024);
    const body = JSON.parse(raw);
    expect(body).toMatchObject({ kind: 'PodList', apiVersion: 'v1' });
    expect(body.metadata.continue).toBeUndefined();

    const core = client().makeApiClient(k8s.CoreV1Api);
    const list = await core.listPodForAllNamespaces({
      limit: 5,
      labelSelector: 'app.kubernetes.io/name=nothing',
    });
    expect(list.items).toHaveLength(body.items.length);
    expect(list.items.length).toBeGreaterThan(5);
    const [first] = list.items;
    expect(first.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(first.spec?.containers.map(c => c.name)).toEqual([
      'apiserver',
      'spiffe-helper',
    ]);
    expect(first.spec?.containers[0].livenessProbe?.grpc?.port).toBe(8888);
    expect(
      first.status?.containerStatuses?.[0].state?.running?.startedAt,
    ).toBeInstanceOf(Date);
    expect(first.status?.conditions).toHaveLength(5);
    expect(new Set(list.items.map(p => p.metadata?.name)).size).toBe(
      list.items.length,
    );
    const namespaced = await core.listNamespacedPod({ namespace: 'dir' });
    expect(namespaced.items).toHaveLength(body.items.length);

    // Other lists are answered as usual.
    await expect(
      core.listNamespacedService({ namespace: 'dir' }),
    ).resolves.toMatchObject({ items: [] });

    api.setFault('near-limit-list');
    const full = await fetchText('/api/v1/pods');
    expect(full.length).toBeLessThanOrEqual(256 * 1024);
    expect(full.length).toBeGreaterThan(256 * 1024 - 8 * 1024);
  });

  it('delays answers', async () => {
    api.setLatency(150);
    const started = Date.now();
    await client().makeApiClient(k8s.CoreV1Api).listNamespace();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  /** A raw request with the token, trusting the fake's CA. */
  function fetchText(path: string, signal?: AbortSignal): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = https.get(
        `${api.url}${path}`,
        {
          ca: api.caPem,
          headers: { authorization: `Bearer ${api.token}` },
          signal,
        },
        res => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', chunk => (body += chunk));
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', reject);
    });
  }
});
