import type {
  DirectoryClusterReader,
  DirectorySvidLogReader,
  SvidLogReading,
  SvidLogRequest,
  SvidLogVerdict,
} from '@directory-ops/plugin-directory-node';

import { redactedExcerpt } from '@directory-ops/plugin-directory-common';

/** The apiserver log line that says the SVID is good. */
export const SVID_SUCCESS_LINE = 'Successfully obtained valid X509-SVID';
/** Lines that say the apiserver has no usable SVID. */
export const SVID_FAILURE_PATTERNS = [
  /failed to get valid X509-SVID/i,
  /certificate contains no URI SAN/i,
];

/** One container's log position and latest verdict. */
export interface ContainerLogState {
  /** RFC 3339 timestamp of the last line read. */
  cursor?: string;
  /** How many lines carry that timestamp (they may share it). */
  linesAtCursor?: number;
  /**
   * How many reads in a row moved the cursor past a second that filled the
   * byte limit: the next read starts closer to the cursor (see
   * `sinceSeconds`), so the skipped second is not read again.
   */
  skippedTo?: number;
  verdict?: SvidLogVerdict;
}

/**
 * Where the per-container state lives between polls. The plugin keeps it in
 * its database, so whichever replica polls next continues where the last
 * poll stopped.
 */
export interface ContainerLogStateStore {
  getSvidLogState(key: string): Promise<ContainerLogState | undefined>;
  /** Saves the state read at `readAt`; states not read for a day may be dropped. */
  setSvidLogState(
    key: string,
    state: ContainerLogState,
    readAt: Date,
  ): Promise<void>;
}

function classify(line: string): SvidLogVerdict['outcome'] | undefined {
  if (line.includes(SVID_SUCCESS_LINE)) {
    return 'success';
  }
  return SVID_FAILURE_PATTERNS.some(p => p.test(line)) ? 'failure' : undefined;
}

/**
 * Follows the SVID lines in apiserver container logs across polls. Each poll
 * reads only what was written since the previous one (or since the container
 * started), up to a byte limit, and a container with a quiet log keeps its
 * last verdict. State is keyed by container id, so a restarted container
 * starts over.
 */
export class SvidLogTracker {
  readonly #states: ContainerLogStateStore;
  readonly #limitBytes: number;

  constructor(options: { limitBytes: number; states: ContainerLogStateStore }) {
    this.#limitBytes = options.limitBytes;
    this.#states = options.states;
  }

  /**
   * The reader a check gets for one cluster in the poll at `now`; `states`
   * replaces the tracker's store (e.g. one batched for the poll).
   */
  readerFor(
    cluster: DirectoryClusterReader,
    now: Date,
    states?: ContainerLogStateStore,
  ): DirectorySvidLogReader {
    return { read: request => this.read({ ...request, cluster, now, states }) };
  }

  /**
   * Reads the new part of a container's log and returns the latest verdict.
   * Every read moves forward: a window the byte limit fills with lines
   * already read, or with the start of a line longer than the limit, moves
   * the cursor past that second (what was skipped is reported), since the
   * API cannot start a log read inside a second.
   */
  async read(
    options: SvidLogRequest & {
      cluster: DirectoryClusterReader;
      now: Date;
      states?: ContainerLogStateStore;
    },
  ): Promise<SvidLogReading> {
    const states = options.states ?? this.#states;
    const key = `${options.cluster.name}/${options.containerId}`;
    const state: ContainerLogState =
      (await states.getSvidLogState(key)) ?? {};
    const text = await options.cluster.readPodLog({
      namespace: options.namespace,
      pod: options.pod,
      container: options.container,
      sinceSeconds: sinceSeconds(state, new Date()),
      limitBytes: this.#limitBytes,
    });
    const bytesRead = Buffer.byteLength(text);
    const truncated = bytesRead >= this.#limitBytes;
    const lines = text.split('\n');
    // A cut read ends inside a line; read it again next time.
    const cut = truncated ? lines.pop() : undefined;
    const previousCursor = state.cursor;
    let alreadyRead = state.linesAtCursor ?? 0;
    let lastSeen: string | undefined;
    let progressed = false;
    for (const raw of lines) {
      const at = timestampOf(raw);
      if (!at) {
        continue;
      }
      lastSeen = at;
      if (previousCursor) {
        const order = compareTimestamps(at, previousCursor);
        if (order < 0 || (order === 0 && alreadyRead-- > 0)) {
          continue;
        }
      }
      progressed = true;
      state.skippedTo = undefined;
      if (state.cursor === at) {
        state.linesAtCursor = (state.linesAtCursor ?? 0) + 1;
      } else {
        state.cursor = at;
        state.linesAtCursor = 1;
      }
      const line = raw.slice(at.length + 1);
      const outcome = classify(line);
      if (outcome) {
        state.verdict = { outcome, line: redactedExcerpt(line, 500), at };
      }
    }
    let skipped: string | undefined;
    if (truncated && !progressed) {
      const cutAt = cut === undefined ? undefined : timestampOf(cut);
      const stuckAt = cutAt ?? lastSeen ?? state.cursor;
      if (stuckAt) {
        const next = nextWholeSecond(stuckAt);
        state.skippedTo =
          next === state.cursor ? (state.skippedTo ?? 0) + 1 : 1;
        state.cursor = next;
        state.linesAtCursor = 0;
        skipped = cutAt
          ? `a log line at ${cutAt} that does not fit in the ${
              this.#limitBytes
            }-byte read limit, and the rest of its second`
          : `the rest of the log in the second of ${stuckAt} (more than ${
              this.#limitBytes
            } bytes)`;
      }
    }
    await states.setSvidLogState(key, state, options.now);
    return {
      verdict: state.verdict,
      bytesRead,
      truncated,
      ...(skipped ? { skipped } : {}),
    };
  }
}

/** The RFC 3339 timestamp Kubernetes puts before a log line, if any. */
function timestampOf(raw: string): string | undefined {
  const space = raw.indexOf(' ');
  const at = space > 0 ? raw.slice(0, space) : raw.slice(0, 40);
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(at)
    ? at
    : undefined;
}

/** The start of the second after that of an RFC 3339 timestamp. */
function nextWholeSecond(timestamp: string): string {
  return new Date(
    Math.floor(Date.parse(timestamp) / 1000) * 1000 + 1000,
  ).toISOString();
}

/**
 * `sinceSeconds` for the next read. The API's grain is one second, and lines
 * already read are skipped: normally the read starts a second before the
 * cursor; after a skip, within a second before it; when that window was full
 * again, at the cursor (which may miss under a second of log after it).
 */
function sinceSeconds(state: ContainerLogState, now: Date): number | undefined {
  if (!state.cursor) {
    return undefined;
  }
  const elapsedMs = now.getTime() - Date.parse(state.cursor);
  const seconds = elapsedMs / 1000;
  if (!state.skippedTo) {
    return Math.max(1, Math.ceil(seconds) + 1);
  }
  return Math.max(
    1,
    state.skippedTo === 1 ? Math.ceil(seconds) : Math.floor(seconds),
  );
}

/** Orders RFC 3339 timestamps with fractional seconds of any precision. */
function compareTimestamps(a: string, b: string): number {
  const split = (t: string) => {
    const m = /^(.*?:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(t);
    return m
      ? {
          seconds: Date.parse(`${m[1]}${m[3]}`),
          fraction: (m[2] ?? '').padEnd(9, '0'),
        }
      : { seconds: Date.parse(t), fraction: '000000000' };
  };
  const x = split(a);
  const y = split(b);
  if (x.seconds !== y.seconds) {
    return x.seconds - y.seconds;
  }
  return x.fraction.localeCompare(y.fraction);
}
