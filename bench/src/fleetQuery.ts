import { Entity } from '@backstage/catalog-model';
import { startBenchBackend } from './benchBackend';
import { LatencySummary, measureLatency } from './latency';

/** `GET /api/directory/instances` latency over a large fleet. */
export interface FleetQueryResult {
  instances: number;
  /** The first page, worst first, with the counts per status. */
  firstPage: LatencySummary;
  /** Search, filters and a sort on another column, as the fleet page sends them. */
  filtered: LatencySummary;
}

/**
 * Measures the fleet page's query at `instanceCount` instances. The
 * instances sit on clusters no config names, so one poll stores a result
 * (every check `unknown`, with its reason) for each of them in no time.
 */
export async function benchFleetQuery(options: {
  instanceCount: number;
  samples: number;
}): Promise<FleetQueryResult> {
  const entities: Entity[] = Array.from(
    { length: options.instanceCount },
    (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: `fleet-instance-${i}`,
        namespace: 'default',
        title: `Fleet instance ${i}`,
        annotations: {
          'agntcy.org/trust-domain': `td${i}.fleet.test`,
          'agntcy.org/federation-profile': i % 3 ? 'https_web' : 'https_spiffe',
          'agntcy.org/base-domain': `i${i}.fleet.test`,
          'agntcy.org/kubernetes-cluster': `fleet-eks-${i % 20}`,
          'agntcy.org/namespace': `dir-i${i}`,
          'agntcy.org/release': `dir-i${i}`,
        },
      },
      spec: { type: 'agntcy-directory', owner: `group:default/team-${i % 7}` },
    }),
  );
  const backend = await startBenchBackend({
    entities,
    config: {
      directory: {
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 10 } },
      },
    },
    withKubernetesPlugin: false,
  });
  try {
    await backend.pollOnce();
    // As for the card data: the steady state, answers read but not decoded.
    const warmup = { warmup: 20, warmupMs: 2_000 };
    const firstPage = await measureLatency(
      () => backend.time('GET', '/api/directory/instances?limit=50'),
      { samples: options.samples, ...warmup },
    );
    const queries = [
      '/api/directory/instances?q=fleet-eks-7&sort=trustDomain&order=desc&limit=50',
      '/api/directory/instances?status=unknown&cluster=fleet-eks-3&profile=https_web&limit=50',
      '/api/directory/instances?q=team-2%20dir-i1&sort=owner&limit=50',
    ];
    let next = 0;
    const filtered = await measureLatency(
      () => backend.time('GET', queries[next++ % queries.length]),
      { samples: options.samples, ...warmup },
    );
    return { instances: options.instanceCount, firstPage, filtered };
  } finally {
    await backend.stop();
  }
}
