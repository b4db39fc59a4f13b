import { monitorEventLoopDelay } from 'node:perf_hooks';
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
  /** Cycles measured of each kind; the figures are the worst of them. */
  cycles: number;
}

/**
 * The longest event-loop block during `cycles` runs of `cycle`, sampled
 * every millisecond (so it reads at most 1 ms high).
 */
async function longestBlockMs(
  cycles: number,
  cycle: () => Promise<void>,
): Promise<number> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  try {
    for (let run = 0; run < cycles; run++) {
      await cycle();
    }
  } finally {
    delay.disable();
  }
  return delay.max / 1e6;
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
    const normalMaxMs = await longestBlockMs(options.cycles, () =>
      backend.pollOnce(),
    );
    await fleet.setFault(0, 'near-limit-list', { pathPrefix: '/api/v1' });
    const nearLimitMaxMs = await longestBlockMs(options.cycles, () =>
      backend.pollOnce(),
    );
    return { normalMaxMs, nearLimitMaxMs, cycles: options.cycles };
  } finally {
    await backend.stop();
    await fleet.close();
  }
}
