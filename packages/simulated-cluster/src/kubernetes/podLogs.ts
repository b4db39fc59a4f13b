/**
 * Container logs kept the way the kubelet serves them.
 */

interface LogLine {
  at: Date;
  text: string;
}

/** The `GET .../pods/{name}/log` options the store applies. */
export interface PodLogQuery {
  /** Lines older than this are left out (inclusive bound, like the kubelet). */
  since?: Date;
  tailLines?: number;
  limitBytes?: number;
  timestamps?: boolean;
}

/**
 * Formats a time like Go's `time.RFC3339Nano`, which the kubelet uses for
 * `timestamps=true`: UTC, trailing zeros of the fraction trimmed.
 */
export function formatRfc3339Nano(date: Date): string {
  const iso = date.toISOString(); // 2026-11-28T01:30:33.120Z
  const [seconds, fraction] = iso.slice(0, -1).split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? `${seconds}.${trimmed}Z` : `${seconds}Z`;
}

/** Log lines per container, in the order they were written. */
export class PodLogStore {
  readonly #lines = new Map<string, LogLine[]>();

  /** Appends one line and returns the bytes written. */
  append(
    namespace: string,
    pod: string,
    container: string,
    text: string,
    at: Date,
  ): number {
    const key = `${namespace}/${pod}/${container}`;
    const lines = this.#lines.get(key) ?? [];
    lines.push({ at, text });
    this.#lines.set(key, lines);
    return Buffer.byteLength(`${text}\n`);
  }

  /** Renders the log as the kubelet would for these options. */
  read(
    namespace: string,
    pod: string,
    container: string,
    query: PodLogQuery,
  ): Buffer {
    let lines = this.#lines.get(`${namespace}/${pod}/${container}`) ?? [];
    // The kubelet seeks to the tail first, then filters by time.
    if (query.tailLines !== undefined && query.tailLines >= 0) {
      lines = query.tailLines === 0 ? [] : lines.slice(-query.tailLines);
    }
    if (query.since) {
      const since = query.since.getTime();
      lines = lines.filter(l => l.at.getTime() >= since);
    }
    const text = lines
      .map(l =>
        query.timestamps
          ? `${formatRfc3339Nano(l.at)} ${l.text}\n`
          : `${l.text}\n`,
      )
      .join('');
    const bytes = Buffer.from(text);
    return query.limitBytes !== undefined && query.limitBytes > 0
      ? bytes.subarray(0, query.limitBytes)
      : bytes;
  }
}
