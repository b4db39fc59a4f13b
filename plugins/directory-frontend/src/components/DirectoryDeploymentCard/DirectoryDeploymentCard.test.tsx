import { ResponseError } from '@backstage/errors';
import { screen, within } from '@testing-library/react';
import {
  entity,
  entityRef,
  failing,
  mockDirectoryApi,
  renderCard,
} from '../../__testUtils__/deploymentCard';

describe('DirectoryDeploymentCard', () => {
  it('shows progress while the health loads', async () => {
    const api = mockDirectoryApi({
      getHealth: jest.fn().mockReturnValue(new Promise(() => {})),
    });
    await renderCard({ api });
    expect(
      await screen.findByTestId('progress', undefined, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('directory-deployment-card')).toBeInTheDocument();
  });

  it('shows an error panel when the backend is unreachable', async () => {
    const api = mockDirectoryApi({
      getHealth: jest.fn().mockRejectedValue(new Error('Failed to fetch')),
    });
    await renderCard({ api });
    expect(
      await screen.findByText(/The Directory backend could not be reached/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Failed to fetch/).length).toBeGreaterThan(0);
  });

  it('shows a 404 from the backend through the error panel', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'Unknown entity' },
        request: { method: 'GET', url: '/api/directory/health' },
        response: { statusCode: 404 },
      }),
      { status: 404, headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    const api = mockDirectoryApi({
      getHealth: jest.fn().mockRejectedValue(error),
    });
    await renderCard({ api });
    expect((await screen.findAllByText(/Unknown entity/)).length).toBeGreaterThan(
      0,
    );
  });

  it('says when the instance was never checked', async () => {
    const api = mockDirectoryApi({
      getHealth: jest
        .fn()
        .mockResolvedValue({ entityRef, status: 'unknown', checks: [] }),
    });
    await renderCard({ api });
    expect(await screen.findByText('Never checked yet')).toBeInTheDocument();
    expect(screen.getByTestId('directory-overall-status')).toHaveTextContent(
      'Unknown',
    );
  });

  it('names the missing and the malformed annotations', async () => {
    const api = mockDirectoryApi();
    await renderCard({
      api,
      entity: {
        ...entity,
        metadata: {
          name: 'dir-broken',
          annotations: {
            'agntcy.org/trust-domain': 'spiffe://Dir.Acme.com',
            'agntcy.org/federation-profile': 'https_mtls',
          },
        },
      },
    });
    const card = await screen.findByTestId('directory-deployment-card');
    expect(
      within(card).getAllByText(/agntcy.org\/base-domain/).length,
    ).toBeGreaterThan(0);
    expect(within(card).getAllByText(/agntcy.org\/release/).length).toBeGreaterThan(
      0,
    );
    const invalid = screen.getByTestId('directory-invalid-annotations');
    expect(invalid).toHaveTextContent('agntcy.org/trust-domain');
    expect(invalid).toHaveTextContent('must not include a scheme');
    expect(invalid).toHaveTextContent('agntcy.org/federation-profile');
    expect(invalid).toHaveTextContent('must be https_web or https_spiffe');
    expect(api.getHealth).not.toHaveBeenCalled();
  });

  it('shows a healthy instance with its deployment and federation', async () => {
    const api = mockDirectoryApi();
    await renderCard({
      api,
      config: {
        directory: { argocd: { baseUrl: 'https://argocd.acme.com/' } },
      },
    });
    expect(await screen.findByTestId('directory-check-svid')).toHaveTextContent(
      'The apiserver holds a valid X.509-SVID',
    );
    expect(
      screen.getByTestId('directory-check-tls-passthrough'),
    ).toHaveTextContent('api.dir.acme.com presents the SPIFFE SVID');
    expect(screen.queryByText(/Remediation/)).not.toBeInTheDocument();
    expect(screen.getByTestId('directory-overall-status')).toHaveTextContent(
      'OK',
    );
    expect(screen.getByTestId('directory-overall-status')).toHaveAttribute(
      'data-status',
      'ok',
    );

    expect(screen.getByText('eks-eu-west-1')).toBeInTheDocument();
    expect(screen.getByText('v1.7.0')).toBeInTheDocument();
    // The gRPC API host is no browser link.
    expect(screen.getByTestId('directory-host-api')).toHaveTextContent(
      'api.dir.acme.com',
    );
    expect(
      screen.queryByRole('link', { name: 'api.dir.acme.com' }),
    ).not.toBeInTheDocument();
    expect(screen.getByTestId('directory-failing-count')).toHaveTextContent(
      'All 2 checks pass',
    );
    // Failing nothing: the healthy checks stay folded.
    expect(screen.getByTestId('directory-check-svid')).not.toHaveAttribute('open');
    // The entity names no hosted zone: the dns check says it is off and how to turn it on.
    expect(screen.getByTestId('directory-check-off-dns')).toHaveTextContent(
      'agntcy.org/route53-hosted-zone-id',
    );
    expect(
      screen.getByRole('link', { name: 'oidc-discovery.spire.dir.acme.com' }),
    ).toHaveAttribute('href', 'https://oidc-discovery.spire.dir.acme.com');
    expect(screen.getByText('routing.dir.acme.com')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'routing.dir.acme.com' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'dir-prod-eu' })).toHaveAttribute(
      'href',
      'https://argocd.acme.com/applications/dir-prod-eu',
    );

    expect(screen.getByText('https_web')).toBeInTheDocument();
    expect(screen.getByText(/no passthrough/)).toBeInTheDocument();
    expect(
      screen.getByTestId('directory-peer-spire.ads.outshift.io'),
    ).toHaveTextContent('staging network with no SLA');
    expect(
      screen.getByTestId('directory-peer-partner.example-corp.com'),
    ).not.toHaveTextContent('no SLA');
  });

  it('shows the Argo CD app name without a link when no base URL is set', async () => {
    await renderCard({ api: mockDirectoryApi() });
    await screen.findByTestId('directory-check-svid');
    expect(screen.getAllByText('dir-prod-eu').length).toBeGreaterThan(0);
    expect(
      screen.queryByRole('link', { name: 'dir-prod-eu' }),
    ).not.toBeInTheDocument();
  });

  it('shows the remediation of failing checks', async () => {
    const api = mockDirectoryApi({
      getHealth: jest.fn().mockResolvedValue(failing),
    });
    await renderCard({ api });
    const passthrough = await screen.findByTestId(
      'directory-check-tls-passthrough',
    );
    expect(passthrough).toHaveAttribute('data-status', 'error');
    expect(passthrough).toHaveTextContent(
      'certificate is valid for ingress.local',
    );
    expect(passthrough).toHaveTextContent(
      'Enable --enable-ssl-passthrough on the controller',
    );
    expect(passthrough).toHaveAttribute('open');
    expect(
      screen.getByTestId('directory-remediation-pvcs'),
    ).toHaveTextContent('Install the EBS CSI driver');
    expect(screen.getByTestId('directory-check-svid')).not.toHaveTextContent(
      'What to do',
    );
    expect(screen.getByTestId('directory-overall-status')).toHaveTextContent(
      'Error',
    );
    expect(screen.getByTestId('directory-failing-count')).toHaveTextContent(
      '2 of 3 checks failing',
    );
    // Failing checks first, worst first.
    const order = screen
      .getAllByTestId(/^directory-check-(svid|tls-passthrough|pvcs)$/)
      .map(el => el.getAttribute('data-testid'));
    expect(order).toEqual([
      'directory-check-tls-passthrough',
      'directory-check-pvcs',
      'directory-check-svid',
    ]);
  });

  it('says since when, shows commands as code, details and the timeline', async () => {
    const since = new Date(Date.now() - (2 * 60 + 10) * 60_000).toISOString();
    const api = mockDirectoryApi({
      getHealth: jest.fn().mockResolvedValue({
        ...failing,
        since,
        checks: [
          {
            id: 'cronjobs',
            title: 'dir-admin CronJobs',
            status: 'error',
            summary: 'CronJob search failed',
            remediation:
              "Read the Job's logs: kubectl logs -n dir-admin job/search-1. Then fix it.",
            details: { pod: 'search-1-abc', sans: ['DNS:ingress.local'] },
            observedAt: since,
            since,
          },
        ],
      }),
      getHealthHistory: jest.fn().mockResolvedValue({
        entityRef,
        from: '',
        to: '',
        items: Array.from({ length: 6 }, (_, i) => ({
          checkId: 'cronjobs',
          status: i % 2 ? 'ok' : 'error',
          previousStatus: i % 2 ? 'error' : 'ok',
          at: new Date(Date.now() - (i + 1) * 600_000).toISOString(),
        })),
      }),
    });
    await renderCard({ api });
    const status = await screen.findByTestId('directory-status-since');
    expect(status).toHaveTextContent(/Error since .*\(2 h 10 min\)/);
    expect(screen.getByTestId('directory-remediation-command')).toHaveTextContent(
      'kubectl logs -n dir-admin job/search-1',
    );
    expect(
      screen.getByRole('button', { name: /Copy kubectl logs/ }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('directory-check-details-cronjobs')).toHaveTextContent(
      'search-1-abc',
    );
    expect(screen.getByTestId('directory-check-details-cronjobs')).toHaveTextContent(
      'DNS:ingress.local',
    );
    expect(await screen.findByTestId('directory-timeline-cronjobs')).toBeInTheDocument();
    expect(screen.getByTestId('directory-flapping-cronjobs')).toHaveTextContent(
      'flapping: 6 changes',
    );
  });

  it('marks an instance the discovery provider found and says how to register it', async () => {
    await renderCard({
      api: mockDirectoryApi(),
      entity: {
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: {
            ...entity.metadata.annotations,
            'backstage.io/managed-by-origin-location': 'directory-provider:eks-eu-west-1',
          },
        },
      },
    });
    const notice = await screen.findByTestId('directory-discovered');
    expect(notice).toHaveTextContent('Discovered, not in Git');
    expect(notice).toHaveTextContent('How to register it');
    expect(within(notice).getByRole('link', { name: /template/ })).toHaveAttribute('href', '/create');
  });

  it('hides "Refresh now" from users without the refresh permission', async () => {
    await renderCard({ api: mockDirectoryApi(), refreshAllowed: false });
    await screen.findByTestId('directory-check-svid');
    expect(
      screen.queryByRole('button', { name: 'Refresh now' }),
    ).not.toBeInTheDocument();
  });
});
