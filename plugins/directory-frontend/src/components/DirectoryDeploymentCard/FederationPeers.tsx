import { Flex, Text } from '@backstage/ui';
import { CheckStatus } from '@directory-ops/plugin-directory-common';
import { CheckStatusIcon } from '../CheckStatusIcon';

/** One peer as the `federation` check reports it in its details. */
interface PeerDetails {
  trustDomain: string;
  state: string;
  lastRefresh?: string;
  refreshHintSeconds?: number;
  lastError?: string;
}

const STATE: Record<string, { status: CheckStatus; label: string }> = {
  fresh: { status: 'ok', label: 'fresh' },
  stale: { status: 'warning', label: 'stale' },
  'never-fetched': { status: 'error', label: 'never fetched' },
  'no-federation-object': {
    status: 'error',
    label: 'no ClusterFederatedTrustDomain',
  },
};

function isPeer(value: unknown): value is PeerDetails {
  const peer = value as PeerDetails | null;
  return (
    typeof peer === 'object' &&
    peer !== null &&
    typeof peer.trustDomain === 'string' &&
    typeof peer.state === 'string'
  );
}

function ago(iso: string, now: Date): string {
  const minutes = Math.max(
    0,
    Math.round((now.getTime() - Date.parse(iso)) / 60_000),
  );
  if (minutes < 1) return 'less than a minute ago';
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} d ago`;
}

/** The peers of the `federation` check's details, if it has any. */
export function federationPeersOf(
  details: Record<string, unknown> | undefined,
): PeerDetails[] | undefined {
  const peers = details?.peers;
  return Array.isArray(peers) && peers.every(isPeer) ? peers : undefined;
}

/**
 * Each federation peer with its bundle state and last refresh, from the
 * details of the `federation` check.
 */
export function FederationPeers(props: { peers: PeerDetails[]; now: Date }) {
  return (
    <Flex direction="column" gap="1" data-testid="directory-federation-peers">
      <Text variant="body-small" weight="bold" as="div">
        Peers
      </Text>
      {props.peers.map(peer => {
        const state = STATE[peer.state] ?? {
          status: 'unknown' as const,
          label: peer.state,
        };
        return (
          <div
            key={peer.trustDomain}
            data-testid={`directory-federation-peer-${peer.trustDomain}`}
            data-state={peer.state}
          >
            <Flex gap="3" align="baseline">
              <CheckStatusIcon status={state.status} />
              <code>{peer.trustDomain}</code>
              <Text variant="body-small">{state.label}</Text>
              <Text variant="body-small" color="secondary">
                {peer.lastRefresh ? (
                  <span title={peer.lastRefresh}>
                    last refresh {ago(peer.lastRefresh, props.now)}
                  </span>
                ) : (
                  'never refreshed'
                )}
                {peer.refreshHintSeconds
                  ? ` (refresh hint ${Math.round(
                      peer.refreshHintSeconds / 60,
                    )} min)`
                  : ''}
              </Text>
            </Flex>
            {peer.lastError && (
              <Text variant="body-x-small" color="secondary" as="div">
                <code style={{ wordBreak: 'break-all' }}>{peer.lastError}</code>
              </Text>
            )}
          </div>
        );
      })}
    </Flex>
  );
}
