import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  InstancesPage,
  InstanceSummary,
} from '@directory-ops/plugin-directory-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DirectoryApi, directoryApiRef } from '../../api';
import { DirectoryFleetContent } from './DirectoryFleetPage';

const globex: InstanceSummary = {
  entityRef: 'resource:platform/dir-prod-eu',
  title: 'dir-prod-eu',
  trustDomain: 'dir.acme.com',
  federationProfile: 'https_spiffe',
  cluster: 'eks-eu-west-1',
  namespace: 'dir',
  owner: 'group:default/platform',
  status: 'error',
  checkedAt: '2026-11-28T01:00:00.000Z',
  since: '2026-11-28T00:00:00.000Z',
  worstCheck: {
    id: 'tls-passthrough',
    title: 'API TLS passthrough',
    status: 'error',
    summary: 'certificate is valid for ingress.local',
  },
  checks: [
    { id: 'svid', title: 'SPIFFE SVID', status: 'ok', summary: 'The apiserver holds a valid X.509-SVID' },
    {
      id: 'tls-passthrough',
      title: 'API TLS passthrough',
      status: 'error',
      summary: 'certificate is valid for ingress.local',
    },
    { id: 'cronjobs', title: 'dir-admin CronJobs', status: 'error', summary: 'CronJob search failed' },
  ],
};

const healthy: InstanceSummary = {
  entityRef: 'resource:default/dir-dev',
  title: 'dir-dev',
  trustDomain: 'example.org',
  federationProfile: 'https_web',
  cluster: 'kind',
  status: 'ok',
  checkedAt: '2026-11-28T01:00:00.000Z',
  checks: [
    { id: 'svid', title: 'SPIFFE SVID', status: 'ok', summary: 'The apiserver holds a valid X.509-SVID' },
  ],
};

function page(items: InstanceSummary[], extra: Partial<InstancesPage> = {}): InstancesPage {
  return {
    items,
    totalCount: items.length,
    counts: { ok: 1, warning: 0, error: 1, unknown: 0 },
    facets: { cluster: ['eks-eu-west-1', 'kind'], profile: ['https_spiffe', 'https_web'], owner: ['group:default/platform'] },
    ...extra,
  };
}

function apiWith(listInstances: DirectoryApi['listInstances']): DirectoryApi {
  return {
    listInstances,
    getHealth: jest.fn(),
    refreshHealth: jest.fn(),
    getHealthHistory: jest.fn(),
    getDomainUsage: jest.fn(),
  };
}

function renderPage(api: DirectoryApi, path = '/directory') {
  return renderInTestApp(<DirectoryFleetContent />, {
    apis: [[directoryApiRef, api]],
    initialRouteEntries: [path],
    mountedRoutes: {
      '/catalog/:namespace/:kind/:name': convertLegacyRouteRef(entityRouteRef),
    },
  });
}

describe('DirectoryFleetContent', () => {
  it('shows counters and every failing check; a healthy row shows none', async () => {
    const list = jest.fn().mockResolvedValue(page([globex, healthy]));
    await renderPage(apiWith(list));
    const row = await screen.findByTestId('directory-fleet-row-dir-prod-eu');
    expect(row).toHaveAttribute('data-status', 'error');
    expect(within(row).getByTestId('directory-fleet-failing-tls-passthrough')).toHaveTextContent(
      'API TLS passthrough certificate is valid for ingress.local',
    );
    expect(within(row).getByTestId('directory-fleet-failing-cronjobs')).toHaveTextContent(
      'CronJob search failed',
    );
    expect(within(row).getByRole('link', { name: 'dir-prod-eu' })).toHaveAttribute(
      'href',
      '/catalog/platform/resource/dir-prod-eu',
    );
    const ok = screen.getByTestId('directory-fleet-row-dir-dev');
    expect(ok).not.toHaveTextContent('valid X.509-SVID');
    expect(screen.getByTestId('directory-count-error')).toHaveTextContent('Error 1');
    expect(screen.getByTestId('directory-count-all')).toHaveTextContent('All 2');
  });

  it('reads its query from the URL and sends it to the backend', async () => {
    const list = jest.fn().mockResolvedValue(page([globex]));
    await renderPage(apiWith(list), '/directory?status=error&q=globex&sort=title&order=desc');
    await screen.findByTestId('directory-fleet-row-dir-prod-eu');
    expect(list).toHaveBeenLastCalledWith(
      expect.objectContaining({ status: ['error'], q: 'globex', sort: 'title', order: 'desc' }),
    );
    expect(screen.getByTestId('directory-fleet-search')).toHaveValue('globex');
  });

  it('searches, sorts and switches to the grid', async () => {
    const list = jest.fn().mockResolvedValue(page([globex, healthy]));
    await renderPage(apiWith(list));
    await screen.findByTestId('directory-fleet-row-dir-prod-eu');
    fireEvent.change(screen.getByTestId('directory-fleet-search'), { target: { value: 'acme' } });
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ q: 'acme' })),
    );
    await userEvent.click(screen.getByTestId('directory-sort-trustDomain'));
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'acme', sort: 'trustDomain', order: 'asc' }),
      ),
    );
    await userEvent.click(screen.getByTestId('directory-view-grid'));
    const grid = await screen.findByTestId('directory-fleet-grid');
    expect(within(grid).getAllByTestId('directory-grid-cell-tls-passthrough')[0]).toHaveAttribute(
      'data-status',
      'error',
    );
  });

  it('has an empty state that names the filters', async () => {
    const list = jest.fn().mockResolvedValue(page([], { totalCount: 0 }));
    await renderPage(apiWith(list), '/directory?status=warning&cluster=kind');
    expect(await screen.findByTestId('directory-fleet-empty')).toHaveTextContent(
      'No instance matches status Warning, cluster kind.',
    );
  });

  it('says when there is no instance', async () => {
    const list = jest.fn().mockResolvedValue(
      page([], { totalCount: 0, counts: { ok: 0, warning: 0, error: 0, unknown: 0 } }),
    );
    await renderPage(apiWith(list));
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
    expect(
      await screen.findByTestId('progress', undefined, { timeout: 10_000 }),
    ).toBeInTheDocument();
  });
});
