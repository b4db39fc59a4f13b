import { screen } from '@testing-library/react';
import {
  entity,
  mockDirectoryApi,
  renderCard,
} from './__testUtils__/deploymentCard';
import {
  directoryPlugin,
  EntityDirectoryDeploymentCard,
  isDirectoryInstance,
} from './index';

describe('directory plugin (legacy frontend system)', () => {
  it('is the directory plugin', () => {
    expect(directoryPlugin.getId()).toBe('directory');
  });

  it('applies to agntcy-directory entities only', () => {
    expect(isDirectoryInstance(entity)).toBe(true);
    expect(
      isDirectoryInstance({ ...entity, spec: { type: 'service' } }),
    ).toBe(false);
  });

  it('renders the card extension', async () => {
    await renderCard({
      api: mockDirectoryApi(),
      card: <EntityDirectoryDeploymentCard />,
    });
    expect(
      await screen.findByTestId('directory-check-svid'),
    ).toBeInTheDocument();
  });
});
