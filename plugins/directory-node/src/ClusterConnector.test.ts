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
});
