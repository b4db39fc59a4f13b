import { startBenchBackend } from './benchBackend';
import { startRemoteFleet } from './remoteFleet';

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
  /** Peak resident set size of the backend process (the fakes run in their own). */
  peakRssMiB: number;
  /**
   * Growth of the collected JS heap over `heapCycles` further steady
   * cycles, from the fourth cycle on (when caches and history are warm);
   * undefined when none were asked for.
   */
  heapGrowth?: { cycles: number; mib: number };
}

/** The JS heap after a full collection (when the bench exposes the collector). */
function collectedHeapMiB(): number {
  (global as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

/** Samples the resident set size until stopped; returns the highest. */
function sampleRss(everyMs = 25): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Runs two poll cycles over `instanceCount` instances on `clusterCount`
 * clusters, and then, when asked, `heapCycles` more to see the heap stay flat.
 */
export async function benchPollCycle(options: {
  instanceCount: number;
  clusterCount: number;
  latencyMs: number;
  heapCycles?: number;
}): Promise<PollCycleResult> {
  const fleet = await startRemoteFleet(options);
  const backend = await startBenchBackend({
    entities: fleet.entities,
    config: fleet.config,
    withKubernetesPlugin: false,
  });
  try {
    const firstCycleMs = await timed(() => backend.pollOnce());
    await fleet.resetStats();
    await fleet.appendSvidLines('success');
    const steadyCycleMs = await timed(() => backend.pollOnce());
    const stats = await fleet.stats();
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    let heapGrowth: PollCycleResult['heapGrowth'];
    if (options.heapCycles) {
      const steadyCycle = async () => {
        await fleet.appendSvidLines('success');
        await backend.pollOnce();
      };
      await steadyCycle();
      await steadyCycle();
      const before = collectedHeapMiB();
      for (let cycle = 0; cycle < options.heapCycles; cycle++) {
        await steadyCycle();
      }
      heapGrowth = {
        cycles: options.heapCycles,
        mib: collectedHeapMiB() - before,
      };
    }
    return {
      instances: options.instanceCount,
      clusters: options.clusterCount,
      firstCycleMs,
      steadyCycleMs,
      requestsPerInstance: stats.requests / options.instanceCount,
      logBytesRead: stats.logBytesServed,
      logBytesWritten: stats.logBytesWritten,
      peakRssMiB,
      heapGrowth,
    };
  } finally {
    await backend.stop();
    await fleet.close();
  }
}

/** What a poll cycle did while one cluster streamed a list that never ends. */
export interface EndlessListResult {
  /** Highest RSS during the cycle, above the RSS before it. */
  rssGrowthMiB: number;
  cycleMs: number;
  /** The summary of the svid check of an instance on that cluster. */
  summary: string;
}

/**
 * Polls a small fleet while one of its clusters answers every core list
 * with a body that never ends.
 */
export async function benchEndlessList(options: {
  latencyMs: number;
}): Promise<EndlessListResult> {
  const fleet = await startRemoteFleet({
    instanceCount: 20,
    clusterCount: 2,
    latencyMs: options.latencyMs,
  });
  const backend = await startBenchBackend({
    entities: fleet.entities,
    config: fleet.config,
    withKubernetesPlugin: false,
  });
  try {
    await backend.pollOnce();
    const flooded = fleet.clusters[0];
    await fleet.setFault(0, 'endless-list', { pathPrefix: '/api/v1' });
    global.gc?.();
    const before = process.memoryUsage().rss;
    const rss = sampleRss();
    const cycleMs = await timed(() => backend.pollOnce());
    const peak = rss.stop();
    const entity = fleet.entities.find(
      e =>
        e.metadata.annotations?.['agntcy.org/kubernetes-cluster'] === flooded,
    );
    const health = (await backend.call(
      'GET',
      `/api/directory/health?entityRef=resource:default/${entity?.metadata.name}`,
    )) as { checks: Array<{ id: string; summary: string }> };
    return {
      rssGrowthMiB: (peak - before) / (1024 * 1024),
      cycleMs,
      summary: health.checks.find(c => c.id === 'svid')?.summary ?? '',
    };
  } finally {
    await backend.stop();
    await fleet.close();
  }
}
