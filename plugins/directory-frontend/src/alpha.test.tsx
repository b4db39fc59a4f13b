import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import { entity, mockDirectoryApi } from './__testUtils__/deploymentCard';
import directoryPlugin, { directoryDeploymentEntityCard } from './alpha';
import { directoryApiRef } from './api';

describe('directory plugin (new frontend system)', () => {
  it('provides its extensions under stable ids', () => {
    expect(directoryPlugin.id).toBe('directory');
    expect(directoryPlugin.getExtension('api:directory')).toBeDefined();
    expect(directoryPlugin.getExtension('page:directory')).toBeDefined();
    expect(
      directoryPlugin.getExtension('entity-card:directory/deployment'),
    ).toBeDefined();
    expect(
      directoryPlugin.getExtension(
        'scaffolder-form-field:directory/trust-domain-picker',
      ),
    ).toBeDefined();
  });

  it('shows the card on Directory instances only', async () => {
    const apis = [
      [directoryApiRef, mockDirectoryApi()],
      [permissionApiRef, mockApis.permission({ authorize: AuthorizeResult.DENY })],
    ] as const;
    const { unmount } = renderTestApp({
      extensions: [createTestEntityPage({ entity }), directoryDeploymentEntityCard],
      apis,
    });
    expect(
      await screen.findByTestId('directory-deployment-card'),
    ).toBeInTheDocument();
    unmount();

    renderTestApp({
      extensions: [
        createTestEntityPage({
          entity: { ...entity, spec: { type: 'service', owner: 'platform' } },
        }),
        directoryDeploymentEntityCard,
      ],
      apis,
    });
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(
      screen.queryByTestId('directory-deployment-card'),
    ).not.toBeInTheDocument();
  });
});
