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

/**
 * Calls `fn` `samples` times in the steady state: after a full collection
 * (when `yarn bench` exposes the collector) and then `warmup` calls, made
 * for at least `warmupMs`, which let the JIT settle and the collector finish
 * sweeping, so neither the garbage left by earlier work nor the collection
 * itself lands in the samples.
 */
export async function measureLatency(
  fn: () => Promise<unknown>,
  options: { samples: number; warmup: number; warmupMs?: number },
): Promise<LatencySummary> {
  (global as { gc?: () => void }).gc?.();
  const warmUntil = performance.now() + (options.warmupMs ?? 0);
  for (let i = 0; i < options.warmup || performance.now() < warmUntil; i++) {
    await fn();
  }
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
