import { stringifyEntityRef } from '@backstage/catalog-model';
import { startBenchBackend } from './benchBackend';
import { startRemoteFleet } from './remoteFleet';
import { LatencySummary, measureLatency } from './latency';

/** How long each endpoint is called before its latencies are taken. */
const WARMUP_MS = 8_000;

/** Card data latency of Directory Ops and of the Kubernetes plugin, same cluster and entity. */
export interface CardDataResult {
  directory: LatencySummary;
  kubernetes: LatencySummary;
  /** Kubernetes API requests one Kubernetes plugin call made. */
  kubernetesRequestsPerCall: number;
}

/**
 * Measures `GET /api/directory/health` against the Kubernetes plugin's
 * `POST /api/kubernetes/services/:entity` (what its entity tab calls).
 */
export async function benchCardData(options: {
  latencyMs: number;
  samples: number;
}): Promise<CardDataResult> {
  const fleet = await startRemoteFleet({
    clusterCount: 1,
    instanceCount: 1,
    latencyMs: options.latencyMs,
  });
  const backend = await startBenchBackend({
    entities: fleet.entities,
    config: fleet.config,
    withKubernetesPlugin: true,
  });
  try {
    const entity = fleet.entities[0];
    const entityRef = stringifyEntityRef(entity);
    await backend.pollOnce();
    // Both endpoints are warmed for the same time before their samples.
    const warmup = { warmup: 10, warmupMs: WARMUP_MS };
    const directory = await measureLatency(
      () =>
        backend.time(
          'GET',
          `/api/directory/health?entityRef=${encodeURIComponent(entityRef)}`,
        ),
      { samples: options.samples, ...warmup },
    );
    const kubernetesCall = () =>
      backend.time('POST', `/api/kubernetes/services/${entity.metadata.name}`, {
        entity,
      });
    await kubernetesCall();
    await fleet.resetStats();
    await kubernetesCall();
    const kubernetesRequestsPerCall = (await fleet.stats()).requests;
    const kubernetes = await measureLatency(kubernetesCall, {
      samples: options.samples,
      ...warmup,
    });
    return { directory, kubernetes, kubernetesRequestsPerCall };
  } finally {
    await backend.stop();
    await fleet.close();
  }
}
