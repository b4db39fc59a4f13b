import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  entityRef,
  failing,
  mockDirectoryApi,
  renderCard,
} from '../../__testUtils__/deploymentCard';

// In its own file: usePermission caches answers per permission for the
// lifetime of the module, so an allowed user cannot follow a denied one.
describe('DirectoryDeploymentCard refresh', () => {
  it('refreshes the checks for users with the refresh permission', async () => {
    const api = mockDirectoryApi({
      refreshHealth: jest.fn().mockResolvedValue(failing),
    });
    await renderCard({ api, refreshAllowed: true });
    await screen.findByTestId('directory-check-svid');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh now' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('directory-overall-status')).toHaveTextContent(
        'Error',
      ),
    );
    expect(api.refreshHealth).toHaveBeenCalledWith(entityRef);
    expect(
      await screen.findByTestId('directory-refresh-result'),
    ).toHaveTextContent('Checked just now: 2 of 3 checks failing');
    expect(screen.getByTestId('directory-check-pvcs')).toHaveTextContent(
      'PVC zot-data is Pending',
    );
  });
});
