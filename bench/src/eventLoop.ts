import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { startBenchBackend } from './benchBackend';
import { startRemoteFleet } from './remoteFleet';

/** How long the event loop was blocked at most during poll cycles. */
export interface EventLoopResult {
  /** Longest block in steady cycles of the healthy fleet, in ms. */
  normalMaxMs: number;
  /**
   * Longest block while one cluster answers every pod list with a valid list
   * just under the response byte cap, in ms.
   */
  nearLimitMaxMs: number;
  /**
   * Longest garbage-collection pause of the process during the same cycles
   * (healthy, near the cap), in ms: a block at least this long may be the
   * collector's and not one answer's.
   */
  normalMaxGcPauseMs: number;
  nearLimitMaxGcPauseMs: number;
  /** Cycles measured of each kind; the figures are the worst of them. */
  cycles: number;
}

/** A block and the longest collector pause while it was measured. */
interface Blocks {
  maxMs: number;
  maxGcPauseMs: number;
}

/**
 * The longest event-loop block during `cycles` runs of `cycle`, sampled
 * every millisecond (so it reads at most 1 ms high), and the longest
 * garbage-collection pause meanwhile.
 */
async function longestBlock(
  cycles: number,
  cycle: () => Promise<void>,
): Promise<Blocks> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let maxGcPauseMs = 0;
  const collections = new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      maxGcPauseMs = Math.max(maxGcPauseMs, entry.duration);
    }
  });
  collections.observe({ entryTypes: ['gc'] });
  delay.enable();
  try {
    for (let run = 0; run < cycles; run++) {
      await cycle();
    }
  } finally {
    delay.disable();
    collections.disconnect();
  }
  return { maxMs: delay.max / 1e6, maxGcPauseMs };
}

/**
 * Polls a small fleet while one of its clusters answers every pod list,
 * whatever its `limit`, with a list of realistic pods just under the byte
 * cap of one response (the fake's `near-limit-list`, sized by its default),
 * and measures how long the backend's event loop is blocked at most. The
 * fleet runs in a process of its own, so serving it blocks nothing here.
 */
export async function benchEventLoop(options: {
  latencyMs: number;
  cycles: number;
}): Promise<EventLoopResult> {
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
    // The first cycle loads the Kubernetes client and reads whole logs.
    await backend.pollOnce();
    const normal = await longestBlock(options.cycles, () => backend.pollOnce());
    await fleet.setFault(0, 'near-limit-list', { pathPrefix: '/api/v1' });
    const nearLimit = await longestBlock(options.cycles, () =>
      backend.pollOnce(),
    );
    return {
      normalMaxMs: normal.maxMs,
      nearLimitMaxMs: nearLimit.maxMs,
      normalMaxGcPauseMs: normal.maxGcPauseMs,
      nearLimitMaxGcPauseMs: nearLimit.maxGcPauseMs,
      cycles: options.cycles,
    };
  } finally {
    await backend.stop();
    await fleet.close();
  }
}
