import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { FakeKubernetesApi } from '@directory-ops/simulated-cluster';
import { ClusterConnector, isClusterTimeout } from './ClusterConnector';

/** Plain config data, as ConfigReader takes it. */
type ConfigData = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

function connectorFor(clusters: ConfigData[], extra: ConfigData = {}) {
  return ClusterConnector.fromConfig(
    new ConfigReader({
      kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters }] },
      ...extra,
    }),
    { logger: mockServices.logger.mock() },
  );
}

/** A CRD whose schema uses the JSON names client-node renames (`$ref`, `x-kubernetes-*`). */
const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {
    name: 'records.dir.agntcy.org',
    creationTimestamp: '2026-01-02T03:04:05Z',
  },
  spec: {
    group: 'dir.agntcy.org',
    names: { kind: 'Record', plural: 'records' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
            properties: {
              spec: {
                type: 'object',
                properties: { owner: { $ref: '#/definitions/owner' } },
              },
            },
          },
        },
      },
    ],
  },
  status: {
    conditions: [
      {
        type: 'Established',
        status: 'True',
        lastTransitionTime: '2026-01-02T03:04:06Z',
      },
    ],
  },
};

describe('ClusterConnector', () => {
  // The first test pays for loading client-node on a busy machine.
  jest.setTimeout(60_000);
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start({ token: 'sa-token' });
    api.put({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'dir-prod-dir' },
    });
  });
  afterAll(() => api.close());
  afterEach(() => api.setFault(undefined));

  const serviceAccountCluster = () => ({
    name: 'prod',
    url: api.url,
    authProvider: 'serviceAccount',
    serviceAccountToken: 'sa-token',
    caData: api.caData,
  });

  it('lists the configured clusters without their token', () => {
    const clusters = connectorFor([serviceAccountCluster()]).listClusters();
    expect(clusters).toEqual([
      {
        name: 'prod',
        url: api.url,
        authProvider: 'serviceAccount',
        skipTLSVerify: false,
        caData: api.caData,
      },
    ]);
    expect(JSON.stringify(clusters)).not.toContain('sa-token');
  });

  it('calls the API over TLS with the service account token', async () => {
    const apis = await connectorFor([serviceAccountCluster()]).connect('prod');
    const namespaces = await apis.core.listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).toContain(
      'dir-prod-dir',
    );
  });

  it('sends many requests to a cluster over at most 4 connections', async () => {
    api.setLatency(50);
    api.stats.reset();
    try {
      const apis = await connectorFor([serviceAccountCluster()]).connect(
        'prod',
      );
      const answers = await Promise.all(
        Array.from({ length: 24 }, () => apis.core.listNamespace()),
      );
      expect(answers).toHaveLength(24);
      expect(api.stats.requests).toBe(24);
      expect(api.stats.connections).toBeLessThanOrEqual(4);
    } finally {
      api.setLatency(0);
    }
  });

  it('is rejected with a wrong token', async () => {
    const apis = await connectorFor([
      { ...serviceAccountCluster(), serviceAccountToken: 'wrong' },
    ]).connect('prod');
    await expect(apis.core.listNamespace()).rejects.toMatchObject({
      code: 401,
    });
  });

  it('refuses a server whose certificate is not signed by caData', async () => {
    const { caData: _caData, ...withoutCa } = serviceAccountCluster();
    const apis = await connectorFor([withoutCa]).connect('prod');
    await expect(apis.core.listNamespace()).rejects.toThrow();
  });

  it('trusts the CA of caFile, and any server with skipTLSVerify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'directory-ops-ca-'));
    try {
      const caFile = join(dir, 'ca.crt');
      writeFileSync(caFile, Buffer.from(api.caData, 'base64'));
      const { caData: _caData, ...withoutCa } = serviceAccountCluster();
      const viaFile = await connectorFor([{ ...withoutCa, caFile }]).connect(
        'prod',
      );
      await expect(viaFile.core.listNamespace()).resolves.toBeDefined();
      const unverified = await connectorFor([
        { ...withoutCa, skipTLSVerify: true },
      ]).connect('prod');
      await expect(unverified.core.listNamespace()).resolves.toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('calls the API with an EKS token for aws clusters', async () => {
    const eks = await FakeKubernetesApi.start({
      acceptToken: token => token.startsWith('k8s-aws-v1.'),
    });
    try {
      const connector = connectorFor(
        [
          {
            name: 'prod-eks-1',
            url: eks.url,
            authProvider: 'aws',
            caData: eks.caData,
          },
        ],
        {
          aws: {
            mainAccount: {
              accessKeyId: 'AKIAEXAMPLE',
              secretAccessKey: 'example-secret',
            },
          },
        },
      );
      const apis = await connector.connect('prod-eks-1');
      await expect(apis.core.listNamespace()).resolves.toBeDefined();
    } finally {
      await eks.close();
    }
  });

  it('gives up on a server that never answers', async () => {
    api.setFault('hang');
    const apis = await connectorFor([serviceAccountCluster()]).connect('prod', {
      timeoutMs: 300,
    });
    const started = Date.now();
    const error = await apis.apps
      .listDeploymentForAllNamespaces()
      .catch((e: unknown) => e);
    expect(isClusterTimeout(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('is aborted by the caller signal', async () => {
    api.setFault('hang');
    const controller = new AbortController();
    const apis = await connectorFor([serviceAccountCluster()]).connect('prod', {
      signal: controller.signal,
    });
    const call = apis.core.listNamespace();
    controller.abort();
    await expect(call).rejects.toThrow();
  });

  it('throws NotFoundError for an unknown cluster', async () => {
    await expect(connectorFor([]).connect('nope')).rejects.toThrow(
      NotFoundError,
    );
  });

  it('rejects auth providers Directory Ops does not support', async () => {
    const connector = connectorFor([
      { name: 'g', url: api.url, authProvider: 'google' },
    ]);
    await expect(connector.connect('g')).rejects.toThrow(
      "Cluster 'g' uses auth provider 'google', which is not supported by Directory Ops",
    );
  });

  describe('lists', () => {
    beforeAll(() => {
      api.put(crd);
    });

    it('gives the items the typed client gives, Dates included, as plain objects', async () => {
      // Realistic pods: probes, mounts, conditions, container states.
      api.setFault('near-limit-list', { listBytes: 64 * 1024 });
      const apis = await connectorFor([serviceAccountCluster()]).connect(
        'prod',
      );
      const typed = await apis.core.listPodForAllNamespaces({ limit: 500 });
      const plain = await apis.lists.page<(typeof typed.items)[number]>({
        path: '/api/v1/pods',
        model: 'V1PodList',
        limit: 500,
      });
      expect(plain.items.length).toBeGreaterThan(5);
      expect(plain.items).toEqual(typed.items);
      const [pod] = plain.items;
      expect(pod.metadata?.creationTimestamp).toBeInstanceOf(Date);
      expect(pod.status?.conditions?.[0].lastTransitionTime).toBeInstanceOf(
        Date,
      );
      expect(
        pod.status?.containerStatuses?.[0].state?.running?.startedAt,
      ).toBeInstanceOf(Date);
    });

    it('renames the fields client-node renames, in models that contain themselves', async () => {
      const apis = await connectorFor([serviceAccountCluster()]).connect(
        'prod',
      );
      const typed = await apis.apiextensions.listCustomResourceDefinition();
      const plain = await apis.lists.page<(typeof typed.items)[number]>({
        path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        model: 'V1CustomResourceDefinitionList',
        limit: 10,
      });
      expect(plain.items).toEqual(typed.items);
      const schema = plain.items[0].spec.versions[0].schema?.openAPIV3Schema;
      expect(schema?.x_kubernetes_preserve_unknown_fields).toBe(true);
      expect(schema?.properties?.spec.properties?.owner.ref).toBe(
        '#/definitions/owner',
      );
      expect(schema).not.toHaveProperty([
        'x-kubernetes-preserve-unknown-fields',
      ]);
    });

    it('pages with the continue token as metadata._continue', async () => {
      for (const name of ['a', 'b', 'c']) {
        api.put({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace: 'dir', labels: { paged: 'yes' } },
        });
      }
      const apis = await connectorFor([serviceAccountCluster()]).connect(
        'prod',
      );
      const request = {
        path: '/api/v1/namespaces/dir/configmaps',
        model: 'V1ConfigMapList',
        labelSelector: 'paged=yes',
      };
      const first = await apis.lists.page<{ metadata?: { name?: string } }>({
        ...request,
        limit: 2,
      });
      expect(first.items.map(item => item.metadata?.name)).toEqual(['a', 'b']);
      expect(first.metadata?._continue).toEqual(expect.any(String));
      expect(first.metadata).not.toHaveProperty('continue');
      const second = await apis.lists.page<{ metadata?: { name?: string } }>({
        ...request,
        limit: 2,
        _continue: first.metadata?._continue,
      });
      expect(second.items.map(item => item.metadata?.name)).toEqual(['c']);
      expect(second.metadata?._continue).toBeUndefined();
    });

    it('fails as the typed client does: the HTTP status as code, the Status as body', async () => {
      api.setFault('forbidden');
      const apis = await connectorFor([serviceAccountCluster()]).connect(
        'prod',
      );
      const failure = await apis.lists
        .page({ path: '/api/v1/pods', model: 'V1PodList', limit: 10 })
        .catch((error: unknown) => error);
      const typedFailure = await apis.core
        .listPodForAllNamespaces({ limit: 10 })
        .catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 403 });
      expect(failure).toEqual(typedFailure);
      expect(JSON.parse((failure as { body: string }).body)).toMatchObject({
        kind: 'Status',
        reason: 'Forbidden',
      });
    });

    it('fails with 401 for a wrong token', async () => {
      const apis = await connectorFor([
        { ...serviceAccountCluster(), serviceAccountToken: 'wrong' },
      ]).connect('prod');
      await expect(
        apis.lists.page({
          path: '/api/v1/pods',
          model: 'V1PodList',
          limit: 10,
        }),
      ).rejects.toMatchObject({ code: 401 });
    });

    it('rejects a malformed answer as the typed client does', async () => {
      api.setFault('malformed-json');
      const apis = await connectorFor([serviceAccountCluster()]).connect(
        'prod',
      );
      await expect(
        apis.lists.page({
          path: '/api/v1/pods',
          model: 'V1PodList',
          limit: 10,
        }),
      ).rejects.toThrow(SyntaxError);
    });
  });
});
