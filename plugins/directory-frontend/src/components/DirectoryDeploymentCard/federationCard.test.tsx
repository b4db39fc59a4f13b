import { screen, within } from '@testing-library/react';
import {
  entity,
  healthy,
  mockDirectoryApi,
  renderCard,
} from '../../__testUtils__/deploymentCard';

describe('DirectoryDeploymentCard federation and release', () => {
  it('lists each federation peer with its last refresh, the stale one open', async () => {
    const lastRefresh = new Date(Date.now() - 42 * 60_000).toISOString();
    const api = mockDirectoryApi({
      getHealth: jest.fn().mockResolvedValue({
        ...healthy,
        status: 'warning',
        checks: [
          ...healthy.checks,
          {
            id: 'federation',
            title: 'Federation bundles',
            status: 'warning',
            summary:
              'partner.example-corp.com last refreshed 42 min ago (refresh hint 5 min)',
            remediation: 'Check that the SPIRE server can reach the peer',
            observedAt: healthy.checkedAt,
            details: {
              spireServer: 'dir-spire/spire-server-0',
              peers: [
                {
                  trustDomain: 'spire.ads.outshift.io',
                  state: 'fresh',
                  lastRefresh: new Date().toISOString(),
                  refreshHintSeconds: 300,
                },
                {
                  trustDomain: 'partner.example-corp.com',
                  state: 'stale',
                  lastRefresh,
                  refreshHintSeconds: 300,
                },
              ],
            },
          },
        ],
      }),
    });
    await renderCard({ api });
    const row = await screen.findByTestId('directory-check-federation');
    expect(row).toHaveAttribute('data-status', 'warning');
    const stale = within(row).getByTestId(
      'directory-federation-peer-partner.example-corp.com',
    );
    expect(stale).toHaveAttribute('data-state', 'stale');
    expect(stale).toHaveTextContent('last refresh 42 min ago');
    expect(
      within(row).getByTestId(
        'directory-federation-peer-spire.ads.outshift.io',
      ),
    ).toHaveTextContent('fresh');
  });

  it('names a newer supported release with a link to the upgrade template', async () => {
    await renderCard({
      api: mockDirectoryApi(),
      entity: {
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: {
            ...entity.metadata.annotations,
            'agntcy.org/release-version': 'v1.6.3',
          },
        },
      },
    });
    expect(
      await screen.findByTestId('directory-release-version'),
    ).toHaveTextContent('release v1.6.3 (newer: v1.7.0)');
    expect(
      screen.getByTestId('directory-release-upgrade').getAttribute('href'),
    ).toContain('/create/templates/default/directory-upgrade?formData=');
  });
});
