import { appendSvidLogLines } from '@directory-ops/simulated-cluster';
import { startBenchBackend } from './benchBackend';
import { startFleet } from './fleet';

/** One poll cycle over a simulated fleet. */
export interface PollCycleResult {
  instances: number;
  clusters: number;
  /** Wall time of the first cycle, which reads every log since pod start. */
  firstCycleMs: number;
  /** Wall time of a steady cycle. */
  steadyCycleMs: number;
  /** Kubernetes API requests per instance in the steady cycle. */
  requestsPerInstance: number;
  /** Log bytes the steady cycle read, and the bytes written since the first. */
  logBytesRead: number;
  logBytesWritten: number;
  /** Peak resident set size of the process (backend and fakes together). */
  peakRssMiB: number;
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs two poll cycles over `instanceCount` instances on `clusterCount` clusters. */
export async function benchPollCycle(options: {
  instanceCount: number;
  clusterCount: number;
  latencyMs: number;
}): Promise<PollCycleResult> {
  const fleet = await startFleet(options);
  const backend = await startBenchBackend({
    entities: fleet.entities,
    config: fleet.config,
    withKubernetesPlugin: false,
  });
  try {
    const firstCycleMs = await timed(() => backend.pollOnce());
    for (const { api } of fleet.clusters) api.stats.reset();
    for (const { api, seeded } of fleet.seededInstances) {
      appendSvidLogLines(api, seeded, 'success');
    }
    const steadyCycleMs = await timed(() => backend.pollOnce());
    let requests = 0;
    let logBytesRead = 0;
    let logBytesWritten = 0;
    for (const { api } of fleet.clusters) {
      requests += api.stats.requests;
      logBytesRead += api.stats.logBytesServed;
      logBytesWritten += api.stats.logBytesWritten;
    }
    return {
      instances: options.instanceCount,
      clusters: options.clusterCount,
      firstCycleMs,
      steadyCycleMs,
      requestsPerInstance: requests / options.instanceCount,
      logBytesRead,
      logBytesWritten,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await backend.stop();
    await fleet.close();
  }
}
