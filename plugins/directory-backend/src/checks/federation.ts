import type { V1Pod } from '@kubernetes/client-node';
import type { CheckOutcome } from '@directory-ops/plugin-directory-common';
import type {
  DirectoryCheck,
  DirectoryCheckContext,
} from '@directory-ops/plugin-directory-node';

/**
 * `federation`: for each peer in `agntcy.org/federated-peers`, a
 * ClusterFederatedTrustDomain exists, and the SPIRE server's bundle client
 * logged `Bundle refreshed` for it within its refresh hint
 * (`pkg/server/bundle/client/manager.go` logs every fetch with
 * `trust_domain=<peer>`, and retries four times per hint).
 */

const SPIRE_SERVER_CONTAINER = 'spire-server';

/**
 * The refresh hint of a peer whose bundle does not state one: SPIRE's
 * default `bundle_endpoint.refresh_hint`, 5 minutes.
 */
export const DEFAULT_REFRESH_HINT_SECONDS = 300;

/**
 * How far back the log is searched for a peer that is not fresh, to tell a
 * stale peer from one never fetched: AGNTCY alerts after 24 hours.
 */
const LOOKBACK_SECONDS = 24 * 3600;

/**
 * The widening windows searched for a peer that is not fresh. A read with a
 * byte limit returns the start of its window, so the narrowest window that
 * holds a refresh gives the most recent one.
 */
const SEARCH_WINDOWS_SECONDS = [3600, 6 * 3600, LOOKBACK_SECONDS];

/** Bytes of the SPIRE server log read per look. */
const LOG_LIMIT_BYTES = 512 * 1024;

/** How a peer's bundle stands. */
export type PeerBundleState =
  | 'fresh'
  | 'stale'
  | 'never-fetched'
  | 'no-federation-object'
  | 'unknown';

/** One peer in the check's details, shown on the card. */
export interface FederationPeerStatus {
  trustDomain: string;
  state: PeerBundleState;
  /** ISO time of the latest `Bundle refreshed` found. */
  lastRefresh?: string;
  refreshHintSeconds: number;
  /** The ClusterFederatedTrustDomain's name. */
  federationObject?: string;
  bundleEndpointURL?: string;
  /** The latest `Error updating bundle` reason found. */
  lastError?: string;
}

interface FederationObject {
  metadata?: { name?: string };
  spec?: {
    trustDomain?: string;
    bundleEndpointURL?: string;
    trustDomainBundle?: string;
  };
}

interface BundleEvents {
  lastRefresh?: number;
  lastError?: { at: number; reason: string };
}

/** The hint in a bundle's JSON (`spiffe_refresh_hint`, seconds), if any. */
function refreshHintOf(object: FederationObject | undefined): number {
  const text = object?.spec?.trustDomainBundle;
  if (text) {
    try {
      const hint = (JSON.parse(text) as { spiffe_refresh_hint?: unknown })
        .spiffe_refresh_hint;
      if (typeof hint === 'number' && hint > 0) {
        return hint;
      }
    } catch {
      // A malformed bootstrap bundle is SPIRE's error to report.
    }
  }
  return DEFAULT_REFRESH_HINT_SECONDS;
}

/** Namespaces the instance's SPIRE server may run in: next to the Directory's, or the chart's recommended one. */
function spireNamespaces(namespace: string): string[] {
  const sibling = namespace.replace(/-dir$/, '-spire');
  return [...new Set([sibling, 'spire-server'])].filter(n => n !== namespace);
}

function isRunningServer(pod: V1Pod): boolean {
  return (
    pod.metadata?.labels?.['app.kubernetes.io/name'] === 'server' &&
    pod.status?.phase === 'Running' &&
    Boolean(
      pod.status.containerStatuses?.some(
        c => c.name === SPIRE_SERVER_CONTAINER && c.state?.running,
      ),
    )
  );
}

async function findSpireServer(
  context: DirectoryCheckContext,
): Promise<{ namespace: string; pod: string } | undefined> {
  for (const namespace of spireNamespaces(context.instance.namespace)) {
    const pod = (await context.cluster.pods(namespace)).find(isRunningServer);
    if (pod?.metadata?.name) {
      return { namespace, pod: pod.metadata.name };
    }
  }
  return undefined;
}

/**
 * The bundle client's fetches per trust domain in a log read with
 * timestamps (`<RFC 3339 time> time="…" level=… msg="…" … trust_domain=…`).
 */
export function parseBundleClientLog(text: string): Map<string, BundleEvents> {
  const events = new Map<string, BundleEvents>();
  for (const line of text.split('\n')) {
    const refreshed = line.includes('msg="Bundle refreshed"');
    const failed = line.includes('msg="Error updating bundle"');
    if (!refreshed && !failed) {
      continue;
    }
    const trustDomain = /\btrust_domain="?([^\s"]+)"?/.exec(line)?.[1];
    const at = Date.parse(line.slice(0, line.indexOf(' ')));
    if (!trustDomain || Number.isNaN(at)) {
      continue;
    }
    const entry = events.get(trustDomain) ?? {};
    if (refreshed) {
      entry.lastRefresh = Math.max(entry.lastRefresh ?? 0, at);
    } else if (at >= (entry.lastError?.at ?? 0)) {
      const reason =
        /\berror="((?:[^"\\]|\\.)*)"/.exec(line)?.[1]?.replace(/\\"/g, '"') ??
        'no reason logged';
      entry.lastError = { at, reason: reason.slice(0, 300) };
    }
    events.set(trustDomain, entry);
  }
  return events;
}

function merge(
  older: Map<string, BundleEvents>,
  newer: Map<string, BundleEvents>,
): Map<string, BundleEvents> {
  const merged = new Map(older);
  for (const [trustDomain, events] of newer) {
    const before = merged.get(trustDomain) ?? {};
    merged.set(trustDomain, {
      lastRefresh: events.lastRefresh ?? before.lastRefresh,
      lastError: events.lastError ?? before.lastError,
    });
  }
  return merged;
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m < 120 ? `${m} min` : `${Math.round(m / 60)} h`;
}

function fetchRemediation(peer: FederationPeerStatus, server: string): string {
  const url =
    peer.bundleEndpointURL ?? `the bundle endpoint of ${peer.trustDomain}`;
  return `Check that the SPIRE server can reach ${url} (egress, DNS, the peer's certificate) and see why fetches fail: kubectl logs -n ${
    server.split('/')[0]
  } ${server.split('/')[1]} -c ${SPIRE_SERVER_CONTAINER} | grep trust_domain=${
    peer.trustDomain
  }. For an https_spiffe peer, exchange bootstrap bundles again.`;
}

/** The `federation` check. */
export const federationCheck: DirectoryCheck = {
  id: 'federation',
  title: 'Federation bundles',
  async run(context): Promise<CheckOutcome | undefined> {
    const { instance, now } = context;
    const peers = instance.federatedPeers;
    if (peers.length === 0) {
      return undefined;
    }
    const objects = (await context.cluster.customObjects({
      group: 'spire.spiffe.io',
      version: 'v1alpha1',
      plural: 'clusterfederatedtrustdomains',
    })) as FederationObject[];
    const objectOf = (trustDomain: string) =>
      objects.find(o => o.spec?.trustDomain === trustDomain);
    const hints = peers.map(p => refreshHintOf(objectOf(p)));

    const server = await findSpireServer(context);
    let events = new Map<string, BundleEvents>();
    if (server) {
      const read = (sinceSeconds: number) =>
        context.cluster
          .readPodLog({
            ...server,
            container: SPIRE_SERVER_CONTAINER,
            sinceSeconds,
            limitBytes: LOG_LIMIT_BYTES,
          })
          .then(parseBundleClientLog);
      // The recent log first: enough for fresh peers, and never cut short
      // before the newest lines.
      events = await read(Math.max(...hints));
      const isFresh = (trustDomain: string, hint: number) => {
        const last = events.get(trustDomain)?.lastRefresh;
        return last !== undefined && now.getTime() - last <= hint * 1000;
      };
      const unresolved = () =>
        peers.filter(
          (p, i) =>
            objectOf(p) &&
            !isFresh(p, hints[i]) &&
            events.get(p)?.lastRefresh === undefined,
        );
      for (const window of SEARCH_WINDOWS_SECONDS) {
        if (unresolved().length === 0) {
          break;
        }
        events = merge(await read(window), events);
      }
    }

    const statuses: FederationPeerStatus[] = peers.map((trustDomain, i) => {
      const object = objectOf(trustDomain);
      const seen = events.get(trustDomain);
      const status: FederationPeerStatus = {
        trustDomain,
        state: 'unknown',
        refreshHintSeconds: hints[i],
        ...(object?.metadata?.name
          ? { federationObject: object.metadata.name }
          : {}),
        ...(object?.spec?.bundleEndpointURL
          ? { bundleEndpointURL: object.spec.bundleEndpointURL }
          : {}),
        ...(seen?.lastRefresh !== undefined
          ? { lastRefresh: new Date(seen.lastRefresh).toISOString() }
          : {}),
        ...(seen?.lastError && seen.lastError.at >= (seen.lastRefresh ?? 0)
          ? { lastError: seen.lastError.reason }
          : {}),
      };
      if (!object) {
        status.state = 'no-federation-object';
      } else if (!server) {
        status.state = 'unknown';
      } else if (seen?.lastRefresh === undefined) {
        status.state = 'never-fetched';
      } else {
        status.state =
          now.getTime() - seen.lastRefresh <= hints[i] * 1000
            ? 'fresh'
            : 'stale';
      }
      return status;
    });
    const serverName = server ? `${server.namespace}/${server.pod}` : undefined;
    const details = { spireServer: serverName ?? null, peers: statuses };
    const byState = (state: PeerBundleState) =>
      statuses.filter(s => s.state === state);

    const missing = byState('no-federation-object');
    if (missing.length > 0) {
      return {
        status: 'error',
        summary: `No ClusterFederatedTrustDomain for ${missing
          .map(s => s.trustDomain)
          .join(', ')}: SPIRE does not fetch ${
          missing.length > 1 ? 'their bundles' : 'its bundle'
        }`,
        remediation:
          "Add the peer to the federation of the dir chart (apiserver.spire.federation, the generator's federateWith) with className dir-spire, or remove it from agntcy.org/federated-peers.",
        details,
      };
    }
    if (!serverName) {
      return {
        status: 'unknown',
        summary: `No running SPIRE server pod found in ${spireNamespaces(
          instance.namespace,
        ).join(' or ')}`,
        remediation: `Check the SPIRE server: kubectl get pods -A -l app.kubernetes.io/name=server`,
        details,
      };
    }
    const never = byState('never-fetched');
    if (never.length > 0) {
      const first = never[0];
      return {
        status: 'error',
        summary: `The bundle of ${never
          .map(s => s.trustDomain)
          .join(', ')} was never fetched in the last ${minutes(
          LOOKBACK_SECONDS * 1000,
        )}${first.lastError ? `: ${first.lastError}` : ''}`,
        remediation: fetchRemediation(first, serverName),
        details,
      };
    }
    const stale = byState('stale');
    if (stale.length > 0) {
      const first = stale[0];
      return {
        status: 'warning',
        summary: stale
          .map(
            s =>
              `${s.trustDomain} last refreshed ${minutes(
                now.getTime() - Date.parse(s.lastRefresh!),
              )} ago (refresh hint ${minutes(s.refreshHintSeconds * 1000)})`,
          )
          .join('; '),
        remediation: fetchRemediation(first, serverName),
        details,
      };
    }
    return {
      status: 'ok',
      summary: `${statuses.length} peer bundle${
        statuses.length > 1 ? 's' : ''
      } refreshed within the refresh hint`,
      details,
    };
  },
};
