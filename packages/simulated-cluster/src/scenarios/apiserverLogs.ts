/**
 * apiserver log lines in Go slog's text format, as the Directory apiserver
 * writes them with the chart default `log_format: text`.
 */
import { shift } from './kubernetesTime';

type LogLevel = 'INFO' | 'WARN' | 'ERROR';

/** A log line and the time the container wrote it. */
export interface TimedLogLine {
  at: Date;
  line: string;
}

function slogValue(value: string | number): string {
  const text = String(value);
  return /^[^\s"=\\]+$/.test(text) ? text : JSON.stringify(text);
}

/** `time=… level=… msg="…" key=value …` */
export function slogLine(
  at: Date,
  level: LogLevel,
  msg: string,
  attrs: Record<string, string | number> = {},
): TimedLogLine {
  const parts = [
    `time=${at.toISOString()}`,
    `level=${level}`,
    `msg=${slogValue(msg)}`,
  ];
  for (const [key, value] of Object.entries(attrs)) {
    parts.push(`${key}=${slogValue(value)}`);
  }
  return { at, line: parts.join(' ') };
}

/** The retry helper's backoff: 500 ms doubling to a 10 s cap, 10 attempts. */
const RETRY_DELAYS_MS = [
  500, 1000, 2000, 4000, 8000, 10000, 10000, 10000, 10000,
];
const MAX_ATTEMPTS = 10;

const NO_URI_SAN_ERROR = 'certificate contains no URI SAN (SPIFFE ID)';
const NO_IDENTITY_ERROR =
  'rpc error: code = PermissionDenied desc = no identity issued';

/** The two lines logged when the apiserver obtains its SVID. */
export function svidSuccessLines(at: Date, spiffeId: string): TimedLogLine[] {
  return [
    slogLine(
      at,
      'INFO',
      'Successfully obtained valid X509-SVID with SPIFFE ID',
      {
        component: 'spiffe',
        spiffe_id: spiffeId,
        attempt: 1,
      },
    ),
    slogLine(
      shift(at, 0.001),
      'INFO',
      'Successfully obtained valid X509-SVID for server',
      {
        component: 'authn',
        spiffe_id: spiffeId,
      },
    ),
  ];
}

/**
 * A full retry sequence that ends in failure, starting at `at` (or, with
 * `endingAt`, finishing at `at`).
 */
export function svidRetryFailureLines(
  at: Date,
  cause: 'failure' | 'no-uri-san',
  forServer: boolean,
  anchor: 'startingAt' | 'endingAt' = 'startingAt',
): TimedLogLine[] {
  const retryMs = RETRY_DELAYS_MS.slice(0, MAX_ATTEMPTS - 1).reduce(
    (a, b) => a + b,
    0,
  );
  const first =
    anchor === 'startingAt'
      ? at
      : new Date(at.getTime() - retryMs - (forServer ? 2 : 1));
  const lines: TimedLogLine[] = [];
  let t = first;
  const error = cause === 'no-uri-san' ? NO_URI_SAN_ERROR : NO_IDENTITY_ERROR;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    lines.push(
      cause === 'no-uri-san'
        ? slogLine(t, 'WARN', 'SVID obtained but lacks URI SAN, retrying', {
            component: 'spiffe',
            attempt,
            error,
          })
        : slogLine(t, 'WARN', 'Failed to get X509-SVID', {
            component: 'spiffe',
            attempt,
            error,
          }),
    );
    t = new Date(t.getTime() + (RETRY_DELAYS_MS[attempt - 1] ?? 0));
  }
  lines.push(
    slogLine(t, 'ERROR', 'Failed to get valid X509-SVID after retries', {
      component: 'spiffe',
      attempts: MAX_ATTEMPTS,
      error,
    }),
  );
  if (forServer) {
    lines.push(
      slogLine(
        shift(t, 0.001),
        'ERROR',
        'Failed to get valid X509-SVID for server after retries',
        {
          component: 'authn',
          error,
        },
      ),
      slogLine(shift(t, 0.002), 'ERROR', 'Failed to start server', {
        error: `failed to create authn service: failed to get valid X509-SVID for server (SPIRE entry may not be synced yet): ${error}`,
      }),
    );
  } else {
    lines.push(
      slogLine(
        shift(t, 0.001),
        'ERROR',
        'X509SourceWithRetry.GetX509SVID() failed after retries',
        {
          component: 'spiffe',
          error,
        },
      ),
    );
  }
  return lines;
}

/** How the apiserver's SVID history went, for the seeded log. */
export type SvidHistory =
  | 'healthy'
  | 'failed'
  | 'no-uri-san'
  | 'never-succeeded';

/**
 * The log of an apiserver container started at `startedAt`, up to `now`.
 * `failed`: success at start, then a failed rotation two minutes before
 * `now`. `no-uri-san` and `never-succeeded`: no success at all.
 */
export function apiserverLog(options: {
  startedAt: Date;
  now: Date;
  spiffeId: string;
  history: SvidHistory;
}): TimedLogLine[] {
  const { startedAt, now, spiffeId, history } = options;
  const lines: TimedLogLine[] = [
    slogLine(startedAt, 'INFO', 'Loaded configuration', {
      component: 'config',
      path: '/etc/agntcy/dir/server.config.yml',
    }),
    slogLine(shift(startedAt, 0.021), 'INFO', 'Rate limiting enabled', {
      component: 'ratelimit',
      global_rps: 500,
      per_client_rps: 100,
    }),
  ];
  const authnAt = shift(startedAt, 0.05);
  if (history === 'no-uri-san' || history === 'never-succeeded') {
    return [
      ...lines,
      ...svidRetryFailureLines(
        authnAt,
        history === 'no-uri-san' ? 'no-uri-san' : 'failure',
        true,
      ),
    ];
  }
  lines.push(
    ...svidSuccessLines(authnAt, spiffeId),
    slogLine(
      shift(startedAt, 0.052),
      'INFO',
      'X.509 authentication service initialized',
      { component: 'authn' },
    ),
    slogLine(
      shift(startedAt, 0.31),
      'INFO',
      'Metrics server started successfully',
      {
        component: 'metrics',
        address: ':9090',
        path: '/metrics',
      },
    ),
    slogLine(
      shift(startedAt, 0.42),
      'INFO',
      'Successfully connected to bootstrap node',
      {
        component: 'routing',
        peer: '12D3KooWLf9p3cedc86xGQBaqak6rAFmQk1HxKAK1yh7umHE3amu',
      },
    ),
    slogLine(shift(startedAt, 0.53), 'INFO', 'Registered gRPC health service', {
      component: 'server',
    }),
    slogLine(
      shift(startedAt, 0.531),
      'INFO',
      'Health check monitoring started',
      {
        component: 'healthcheck',
        interval: '5s',
      },
    ),
    slogLine(shift(startedAt, 0.532), 'INFO', 'Server starting', {
      component: 'server',
      address: '0.0.0.0:8888',
    }),
  );
  const failureAt = history === 'failed' ? shift(now, -120) : undefined;
  for (
    let t = shift(startedAt, 30.217);
    t < (failureAt ?? now);
    t = shift(t, 60)
  ) {
    lines.push(
      slogLine(t, 'INFO', 'X509SourceWithRetry.GetX509SVID() succeeded', {
        component: 'spiffe',
      }),
    );
  }
  if (failureAt) {
    lines.push(...svidRetryFailureLines(failureAt, 'failure', false));
  }
  return lines;
}
