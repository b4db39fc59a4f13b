import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { InstanceSummary } from '@directory-ops/plugin-directory-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DirectoryApi, directoryApiRef } from '../../api';
import { DirectoryFleetContent } from './DirectoryFleetPage';

const instances: InstanceSummary[] = [
  {
    entityRef: 'resource:default/dir-dev',
    title: 'dir-dev',
    trustDomain: 'example.org',
    federationProfile: 'https_web',
    cluster: 'kind',
    status: 'ok',
    checkedAt: '2026-11-28T01:00:00.000Z',
  },
  {
    entityRef: 'resource:platform/dir-prod-eu',
    title: 'dir-prod-eu',
    trustDomain: 'dir.acme.com',
    federationProfile: 'https_spiffe',
    cluster: 'eks-eu-west-1',
    status: 'error',
    checkedAt: '2026-11-28T01:00:00.000Z',
    worstCheck: {
      id: 'tls-passthrough',
      title: 'API TLS passthrough',
      status: 'error',
      summary: 'certificate is valid for ingress.local',
    },
  },
  {
    entityRef: 'resource:platform/dir-prod-us',
    title: 'dir-prod-us',
    trustDomain: 'us.dir.acme.com',
    federationProfile: 'https_web',
    cluster: 'eks-us-east-1',
    status: 'unknown',
  },
  {
    entityRef: 'resource:platform/dir-staging',
    title: 'dir-staging',
    trustDomain: 'staging.dir.acme.com',
    federationProfile: 'https_web',
    cluster: 'eks-eu-west-1',
    status: 'warning',
    checkedAt: '2026-11-28T01:00:00.000Z',
    worstCheck: {
      id: 'pvcs',
      title: 'Persistent volumes',
      status: 'warning',
      summary: 'PVC zot-data is Pending',
    },
  },
];

function apiWith(listInstances: DirectoryApi['listInstances']): DirectoryApi {
  return {
    listInstances,
    getHealth: jest.fn(),
    refreshHealth: jest.fn(),
    getHealthHistory: jest.fn(),
  };
}

function renderPage(api: DirectoryApi) {
  return renderInTestApp(<DirectoryFleetContent />, {
    apis: [[directoryApiRef, api]],
    mountedRoutes: {
      '/catalog/:namespace/:kind/:name': convertLegacyRouteRef(entityRouteRef),
    },
  });
}

function rowNames() {
  return screen
    .getAllByTestId(/^directory-fleet-row-/)
    .map(row => row.getAttribute('data-testid')!.replace('directory-fleet-row-', ''));
}

async function choose(label: string, option: string) {
  const filters = screen.getByTestId('directory-fleet-filters');
  const select = within(filters)
    .getByText(label)
    .closest('.bui-Select') as HTMLElement;
  await userEvent.click(within(select).getByRole('button'));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('DirectoryFleetContent', () => {
  it('lists the worst instances first and links them to the catalog', async () => {
    await renderPage(apiWith(jest.fn().mockResolvedValue(instances)));
    await screen.findByTestId('directory-fleet-row-dir-prod-eu');
    expect(rowNames()).toEqual([
      'dir-prod-eu',
      'dir-staging',
      'dir-prod-us',
      'dir-dev',
    ]);
    const row = screen.getByTestId('directory-fleet-row-dir-prod-eu');
    expect(row).toHaveAttribute('data-status', 'error');
    expect(row).toHaveTextContent('dir.acme.com');
    expect(row).toHaveTextContent('https_spiffe');
    expect(row).toHaveTextContent('eks-eu-west-1');
    expect(row).toHaveTextContent('certificate is valid for ingress.local');
    expect(within(row).getByRole('link', { name: 'dir-prod-eu' })).toHaveAttribute(
      'href',
      '/catalog/platform/resource/dir-prod-eu',
    );
    expect(screen.getByTestId('directory-fleet-row-dir-prod-us')).toHaveTextContent(
      'never',
    );
  });

  it('filters by status, cluster and profile', async () => {
    await renderPage(apiWith(jest.fn().mockResolvedValue(instances)));
    await screen.findByTestId('directory-fleet-row-dir-prod-eu');

    await choose('Cluster', 'eks-eu-west-1');
    expect(rowNames()).toEqual(['dir-prod-eu', 'dir-staging']);

    await choose('Federation profile', 'https_web');
    expect(rowNames()).toEqual(['dir-staging']);

    await choose('Status', 'Error');
    expect(screen.queryAllByTestId(/^directory-fleet-row-/)).toHaveLength(0);
    expect(screen.getByText('No instance matches the filters.')).toBeInTheDocument();

    await choose('Cluster', 'All clusters');
    await choose('Federation profile', 'All profiles');
    expect(rowNames()).toEqual(['dir-prod-eu']);
  }, 60_000);

  it('says when there is no instance', async () => {
    await renderPage(apiWith(jest.fn().mockResolvedValue([])));
    expect(await screen.findByText('No Directory instances yet')).toBeInTheDocument();
  });

  it('shows an error panel when the backend is unreachable', async () => {
    await renderPage(apiWith(jest.fn().mockRejectedValue(new Error('Failed to fetch'))));
    expect(
      await screen.findByText(/The Directory backend could not be reached/),
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await renderPage(apiWith(jest.fn().mockReturnValue(new Promise(() => {}))));
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });
});
