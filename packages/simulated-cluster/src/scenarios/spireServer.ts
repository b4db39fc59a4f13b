import { FakeKubernetesApi, KubeObject } from '../kubernetes/FakeKubernetesApi';

/**
 * A SPIRE server (spire chart 0.28: StatefulSet `<release>-server`, pod
 * labels `app.kubernetes.io/name=server`, container `spire-server`) with the
 * federation peers it fetches bundles from, and the log lines SPIRE's bundle
 * client writes for them (`pkg/server/bundle/client/manager.go`, logrus
 * text format): `Trust domain is now managed`, then `Bundle refreshed` on
 * every successful fetch and `Error updating bundle` on every failed one,
 * each with `subsystem_name=bundle_client trust_domain=<peer>`.
 */

/**
 * One federation peer of {@link seedSpireServer}.
 * @public
 */
export interface SpirePeerScenario {
  trustDomain: string;
  /** Default `https://spire.<trustDomain>`. */
  bundleEndpointURL?: string;
  /** Minutes since the last successful fetch; absent: never fetched. */
  lastRefreshMinutesAgo?: number;
  /** Why fetches fail after the last success (or always, if never fetched). */
  error?: string;
  /** Whether a ClusterFederatedTrustDomain exists for the peer; default true. */
  federationObject?: boolean;
}

/**
 * Options of {@link seedSpireServer}.
 * @public
 */
export interface SeedSpireServerOptions {
  namespace: string;
  /** Helm release of the spire chart; default `spire`. */
  release?: string;
  trustDomain: string;
  peers: SpirePeerScenario[];
  /** Seconds between two fetches of a peer's bundle; default 75 (a 300 s hint / 4). */
  refreshIntervalSeconds?: number;
  now?: Date;
}

/**
 * A seeded SPIRE server.
 * @public
 */
export interface SeededSpireServer {
  namespace: string;
  pod: string;
  container: string;
  peers: SpirePeerScenario[];
}

/** How far back the seeded log goes. */
const HISTORY_MINUTES = 180;

function logLine(at: Date, level: string, msg: string, fields: string) {
  return `time="${at.toISOString()}" level=${level} msg="${msg}" ${fields}`;
}

function bundleClientFields(peer: SpirePeerScenario): string {
  return `subsystem_name=bundle_client trust_domain=${peer.trustDomain}`;
}

function fetchLine(peer: SpirePeerScenario, at: Date, ok: boolean): string {
  return ok
    ? logLine(at, 'info', 'Bundle refreshed', bundleClientFields(peer))
    : logLine(
        at,
        'error',
        'Error updating bundle',
        `error="${(peer.error ?? 'fetch failed').replace(
          /"/g,
          '\\"',
        )}" ${bundleClientFields(peer)}`,
      );
}

/**
 * Seeds a running SPIRE server pod, a ClusterFederatedTrustDomain per peer
 * (unless the peer says otherwise) and three hours of bundle client log.
 * @public
 */
export function seedSpireServer(
  api: FakeKubernetesApi,
  options: SeedSpireServerOptions,
): SeededSpireServer {
  const now = options.now ?? new Date();
  const release = options.release ?? 'spire';
  const pod = `${release}-server-0`;
  const container = 'spire-server';
  const interval = (options.refreshIntervalSeconds ?? 75) * 1000;
  const started = new Date(now.getTime() - HISTORY_MINUTES * 60_000);
  const labels = {
    'app.kubernetes.io/name': 'server',
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/component': 'server',
  };
  api.put({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: options.namespace },
    status: { phase: 'Active' },
  });
  api.put({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod, namespace: options.namespace, labels },
    spec: {
      containers: [
        { name: container, image: 'ghcr.io/spiffe/spire-server:1.12.4' },
        {
          name: 'spire-controller-manager',
          image: 'ghcr.io/spiffe/spire-controller-manager:0.6.2',
        },
      ],
    },
    status: {
      phase: 'Running',
      startTime: started.toISOString(),
      containerStatuses: [container, 'spire-controller-manager'].map(name => ({
        name,
        ready: true,
        restartCount: 0,
        state: { running: { startedAt: started.toISOString() } },
      })),
    },
  } satisfies KubeObject);

  for (const peer of options.peers) {
    if (peer.federationObject === false) {
      continue;
    }
    api.put({
      apiVersion: 'spire.spiffe.io/v1alpha1',
      kind: 'ClusterFederatedTrustDomain',
      metadata: {
        name: `${release}-${peer.trustDomain.replace(/\./g, '-')}`,
        labels: { 'app.kubernetes.io/instance': release },
      },
      spec: {
        className: 'dir-spire',
        trustDomain: peer.trustDomain,
        bundleEndpointURL:
          peer.bundleEndpointURL ?? `https://spire.${peer.trustDomain}`,
        bundleEndpointProfile: { type: 'https_web' },
      },
    });
  }

  const log = (line: string, at: Date) =>
    api.appendPodLog(options.namespace, pod, container, line, at);
  log(
    logLine(
      started,
      'info',
      'Starting Server APIs',
      `address="[::]:8081" network=tcp subsystem_name=endpoints`,
    ),
    started,
  );
  // One log in time order across peers, as the server writes it.
  const lines: Array<{ at: Date; text: string }> = [];
  for (const peer of options.peers) {
    lines.push({
      at: started,
      text: logLine(
        started,
        'info',
        'Trust domain is now managed',
        `bundle_endpoint_profile=https_web bundle_endpoint_url="${
          peer.bundleEndpointURL ?? `https://spire.${peer.trustDomain}`
        }" subsystem_name=bundle_client trust_domain=${peer.trustDomain}`,
      ),
    });
    const lastOk =
      peer.lastRefreshMinutesAgo === undefined
        ? undefined
        : now.getTime() - peer.lastRefreshMinutesAgo * 60_000;
    // Fetches before the last success succeed; after it they fail with the
    // peer's error (or stop, for a peer without one).
    for (let t = started.getTime() + 1000; t <= now.getTime(); t += interval) {
      const at = new Date(t);
      if (lastOk !== undefined && t < lastOk) {
        lines.push({ at, text: fetchLine(peer, at, true) });
      } else if (lastOk === undefined || peer.error !== undefined) {
        lines.push({ at, text: fetchLine(peer, at, false) });
      }
    }
    if (lastOk !== undefined && lastOk >= started.getTime()) {
      const at = new Date(lastOk);
      lines.push({ at, text: fetchLine(peer, at, true) });
    }
  }
  lines.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const line of lines) {
    log(line.text, line.at);
  }
  return { namespace: options.namespace, pod, container, peers: options.peers };
}

/**
 * Appends one fetch per peer at `now`: `Bundle refreshed` for a healthy
 * peer, `Error updating bundle` for one with an `error`. Keeps the demo's
 * server log current.
 * @public
 */
export function appendBundleRefreshLines(
  api: FakeKubernetesApi,
  server: SeededSpireServer,
  now: Date = new Date(),
): void {
  for (const peer of server.peers) {
    api.appendPodLog(
      server.namespace,
      server.pod,
      server.container,
      fetchLine(peer, now, peer.error === undefined),
      now,
    );
  }
}
