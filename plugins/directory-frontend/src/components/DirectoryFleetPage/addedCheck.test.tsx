import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { InstanceSummary } from '@directory-ops/plugin-directory-common';
import { screen, within } from '@testing-library/react';
import { DirectoryApi, directoryApiRef } from '../../api';
import { DirectoryFleetContent } from './DirectoryFleetPage';

// A check that a backend module added (`packages/backend/src/modules/
// apiserverRestartsCheck.ts`): the page knows it only from its result.
const instance: InstanceSummary = {
  entityRef: 'resource:default/acme-prod-directory',
  title: 'ACME production Directory',
  trustDomain: 'acme.com',
  federationProfile: 'https_web',
  cluster: 'prod-eks-1',
  status: 'warning',
  checkedAt: '2026-11-28T01:00:00.000Z',
  worstCheck: {
    id: 'apiserver-restarts',
    title: 'apiserver restarts',
    status: 'warning',
    summary: 'apiserver dir-apiserver-7d9f8-abcde restarted 7 times',
  },
  checks: [
    {
      id: 'svid',
      title: 'SPIFFE SVID',
      status: 'ok',
      summary: '1 apiserver pod(s) obtained a valid X509-SVID',
    },
    {
      id: 'apiserver-restarts',
      title: 'apiserver restarts',
      status: 'warning',
      summary: 'apiserver dir-apiserver-7d9f8-abcde restarted 7 times',
    },
  ],
};

describe('a check added by a backend module', () => {
  it('shows on the fleet page with its title and status', async () => {
    const api: DirectoryApi = {
      listInstances: jest.fn().mockResolvedValue({
        items: [instance],
        totalCount: 1,
        counts: { ok: 0, warning: 1, error: 0, unknown: 0 },
        facets: {
          cluster: ['prod-eks-1'],
          profile: ['https_web'],
          owner: [],
        },
      }),
      getHealth: jest.fn(),
      refreshHealth: jest.fn(),
      getHealthHistory: jest.fn(),
      getDomainUsage: jest.fn(),
    };
    await renderInTestApp(<DirectoryFleetContent />, {
      apis: [[directoryApiRef, api]],
      initialRouteEntries: ['/directory'],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
    });
    const row = await screen.findByTestId(
      'directory-fleet-row-acme-prod-directory',
    );
    expect(row).toHaveAttribute('data-status', 'warning');
    expect(
      within(row).getByTestId('directory-fleet-failing-apiserver-restarts'),
    ).toHaveTextContent(
      'apiserver restarts apiserver dir-apiserver-7d9f8-abcde restarted 7 times',
    );
  });
});
