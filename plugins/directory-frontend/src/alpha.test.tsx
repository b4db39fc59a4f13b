import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  appTreeApiRef,
  PageBlueprint,
  useApi,
} from '@backstage/frontend-plugin-api';
import { screen } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { entity, mockDirectoryApi } from './__testUtils__/deploymentCard';
import directoryPlugin, { directoryDeploymentEntityCard } from './alpha';
import { directoryApiRef } from './api';
import packageJson from '../package.json';

function PluginInfo() {
  const appTree = useApi(appTreeApiRef);
  const [text, setText] = useState('');
  useEffect(() => {
    const node = appTree.getTree().tree.nodes.get('api:directory');
    node?.spec.plugin
      .info()
      .then(info => setText(`${info.packageName}@${info.version}`));
  }, [appTree]);
  return <div>{text}</div>;
}

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

  it('reads its info from its package.json', async () => {
    renderTestApp({
      features: [directoryPlugin],
      extensions: [
        PageBlueprint.make({
          name: 'plugin-info',
          params: { path: '/plugin-info', loader: async () => <PluginInfo /> },
        }),
      ],
      initialRouteEntries: ['/plugin-info'],
      apis: [[directoryApiRef, mockDirectoryApi()]],
    });
    expect(
      await screen.findByText(
        `${packageJson.name}@${packageJson.version}`,
        undefined,
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
  });

  it('shows the card on Directory instances only', async () => {
    const apis = [
      [directoryApiRef, mockDirectoryApi()],
      [
        permissionApiRef,
        mockApis.permission({ authorize: AuthorizeResult.DENY }),
      ],
    ] as const;
    const { unmount } = renderTestApp({
      extensions: [
        createTestEntityPage({ entity }),
        directoryDeploymentEntityCard,
      ],
      apis,
    });
    expect(
      await screen.findByTestId('directory-deployment-card', undefined, {
        timeout: 15_000,
      }),
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
