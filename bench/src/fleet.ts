import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  createCertificateAuthority,
  FakeKubernetesApi,
  issueSvid,
  SeededInstance,
  seedDirectoryInstance,
  startTlsEndpoint,
} from '@directory-ops/simulated-cluster';

/** Where the benchmark's Directory instances live. */
export const BENCH_DOMAIN = 'bench.test';

/** A simulated fleet: fake clusters, each with its instances seeded. */
export interface Fleet {
  clusters: Array<{ name: string; api: FakeKubernetesApi }>;
  seededInstances: Array<{ api: FakeKubernetesApi; seeded: SeededInstance }>;
  entities: Entity[];
  /** `kubernetes` and `directory` config for a backend watching the fleet. */
  config: JsonObject;
  close(): Promise<void>;
}

/** The size of a simulated fleet and the latency of its Kubernetes APIs. */
export interface FleetOptions {
  clusterCount: number;
  instanceCount: number;
  latencyMs: number;
}

/**
 * Starts `clusterCount` fake Kubernetes APIs with `instanceCount` Directory
 * instances spread over them, every request delayed by `latencyMs`.
 */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const { clusterCount, instanceCount, latencyMs } = options;
  const now = new Date();
  const ca = createCertificateAuthority('bench SPIRE CA');
  const clusters: Fleet['clusters'] = [];
  const endpoints: Array<{ port: number; close(): Promise<void> }> = [];
  const entities: Entity[] = [];
  const seededInstances: Fleet['seededInstances'] = [];
  const resolve: string[] = [];
  const configClusters: JsonObject[] = [];

  for (let c = 0; c < clusterCount; c++) {
    const name = `bench-eks-${c}`;
    const api = await FakeKubernetesApi.start();
    clusters.push({ name, api });
    configClusters.push({
      name,
      url: api.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: api.token,
      caData: api.caData,
      skipMetricsLookup: true,
    });
    // One trust domain per cluster keeps certificate generation cheap.
    const trustDomain = `${name}.${BENCH_DOMAIN}`;
    const endpoint = await startTlsEndpoint({
      certificate: issueSvid(ca, {
        trustDomain,
        dnsNames: [`api.${trustDomain}`],
      }),
      requestClientCert: true,
    });
    endpoints.push(endpoint);
  }

  for (let i = 0; i < instanceCount; i++) {
    const cluster = clusters[i % clusterCount];
    const clusterIndex = i % clusterCount;
    const trustDomain = `${cluster.name}.${BENCH_DOMAIN}`;
    const baseDomain = `i${i}.${BENCH_DOMAIN}`;
    const release = `dir-i${i}`;
    const namespace = `dir-i${i}`;
    const adminNamespace = `dir-i${i}-admin`;
    const seeded = seedDirectoryInstance(cluster.api, {
      release,
      namespace,
      adminNamespace,
      trustDomain,
      baseDomain,
      now,
    });
    seededInstances.push({ api: cluster.api, seeded });
    const endpointPort = endpoints[clusterIndex].port;
    resolve.push(`api.${baseDomain}:443:127.0.0.1:${endpointPort}`);
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: `bench-instance-${i}`,
        namespace: 'default',
        annotations: {
          'agntcy.org/trust-domain': trustDomain,
          'agntcy.org/federation-profile': 'https_web',
          'agntcy.org/base-domain': baseDomain,
          'agntcy.org/kubernetes-cluster': cluster.name,
          'agntcy.org/namespace': namespace,
          'agntcy.org/admin-namespace': adminNamespace,
          'agntcy.org/release': release,
          // What the Kubernetes plugin's entity tab looks up.
          'backstage.io/kubernetes-label-selector': `app.kubernetes.io/instance=${release}`,
          'backstage.io/kubernetes-namespace': namespace,
        },
      },
      spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
    });
  }
  for (const { api } of clusters) {
    api.setLatency(latencyMs);
    api.stats.reset();
  }

  return {
    clusters,
    seededInstances,
    entities,
    config: {
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [{ type: 'config', clusters: configClusters }],
      },
      directory: {
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 10 } },
        clusterTimeout: { minutes: 5 },
        probe: { allowedDomains: [BENCH_DOMAIN], resolve },
      },
    },
    async close() {
      await Promise.all(endpoints.map(e => e.close()));
      await Promise.all(clusters.map(c => c.api.close()));
    },
  };
}
