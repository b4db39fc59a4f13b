import { InstanceHealth } from '@directory-ops/plugin-directory-common';
import { screen, within } from '@testing-library/react';
import {
  entityRef,
  healthy,
  mockDirectoryApi,
  renderCard,
} from '../../__testUtils__/deploymentCard';

// A check that a backend module added (`packages/backend/src/modules/
// apiserverRestartsCheck.ts`): the card knows it only from its result.
const withAddedCheck: InstanceHealth = {
  entityRef,
  status: 'warning',
  checkedAt: '2026-11-28T01:00:00.000Z',
  checks: [
    ...healthy.checks,
    {
      id: 'apiserver-restarts',
      title: 'apiserver restarts',
      status: 'warning',
      summary: 'apiserver dir-apiserver-7d9f8-abcde restarted 7 times',
      remediation:
        'Look at why it stopped: kubectl logs -n dir dir-apiserver-7d9f8-abcde -c apiserver --previous',
      observedAt: '2026-11-28T01:00:00.000Z',
    },
  ],
};

describe('a check added by a backend module', () => {
  it('shows on the card with its title, status and remediation', async () => {
    await renderCard({
      api: mockDirectoryApi({
        getHealth: jest.fn().mockResolvedValue(withAddedCheck),
      }),
    });
    const row = await screen.findByTestId(
      'directory-check-apiserver-restarts',
      undefined,
      { timeout: 10_000 },
    );
    expect(row).toHaveAttribute('data-status', 'warning');
    expect(within(row).getByText('apiserver restarts')).toBeInTheDocument();
    expect(row).toHaveTextContent('restarted 7 times');
    expect(row).toHaveTextContent('--previous');
  });
});
