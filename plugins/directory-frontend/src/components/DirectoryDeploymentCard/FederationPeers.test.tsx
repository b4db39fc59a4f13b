import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { FederationPeers, federationPeersOf } from './FederationPeers';

describe('FederationPeers', () => {
  const now = new Date('2026-11-30T06:00:00Z');

  it('lists each peer with its state and last refresh', async () => {
    const peers = federationPeersOf({
      spireServer: 'acme-spire/acme-spire-server-0',
      peers: [
        {
          trustDomain: 'spire.ads.outshift.io',
          state: 'fresh',
          lastRefresh: '2026-11-30T05:59:00Z',
          refreshHintSeconds: 300,
        },
        {
          trustDomain: 'globex.io',
          state: 'stale',
          lastRefresh: '2026-11-30T05:18:00Z',
          refreshHintSeconds: 300,
          lastError: 'dial tcp 203.0.113.7:443: i/o timeout',
        },
        {
          trustDomain: 'initech.dev',
          state: 'never-fetched',
          refreshHintSeconds: 300,
        },
      ],
    });
    await renderInTestApp(<FederationPeers peers={peers!} now={now} />);
    const globex = screen.getByTestId('directory-federation-peer-globex.io');
    expect(globex).toHaveAttribute('data-state', 'stale');
    expect(globex).toHaveTextContent('stale');
    expect(globex).toHaveTextContent(
      'last refresh 42 min ago (refresh hint 5 min)',
    );
    expect(globex).toHaveTextContent('dial tcp 203.0.113.7:443: i/o timeout');
    expect(
      screen.getByTestId('directory-federation-peer-spire.ads.outshift.io'),
    ).toHaveTextContent('last refresh 1 min ago');
    expect(
      screen.getByTestId('directory-federation-peer-initech.dev'),
    ).toHaveTextContent('never fetched');
  });

  it('ignores details that are not a peer list', () => {
    expect(federationPeersOf(undefined)).toBeUndefined();
    expect(federationPeersOf({ peers: 'none' })).toBeUndefined();
    expect(federationPeersOf({ peers: [{ name: 'x' }] })).toBeUndefined();
  });
});
