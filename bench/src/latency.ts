/** Latency figures of repeated calls. */
export interface LatencySummary {
  samples: number;
  p50: number;
  p99: number;
}

/** Nearest-rank percentile of sorted millisecond samples. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Calls `fn` `samples` times after `warmup` calls and summarises the latencies. */
export async function measureLatency(
  fn: () => Promise<void>,
  options: { samples: number; warmup: number },
): Promise<LatencySummary> {
  for (let i = 0; i < options.warmup; i++) {
    await fn();
  }
  // Measure the steady state, not the garbage left by starting the backend
  // (`yarn bench` exposes the collector; the same for every endpoint).
  (global as { gc?: () => void }).gc?.();
  const times: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return {
    samples: times.length,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
  };
}
