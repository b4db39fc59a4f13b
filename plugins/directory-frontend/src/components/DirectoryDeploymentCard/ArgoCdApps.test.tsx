import { screen, within } from '@testing-library/react';
import { InstanceHealth } from '@directory-ops/plugin-directory-common';
import {
  entityRef,
  healthy,
  mockDirectoryApi,
  renderCard,
} from '../../__testUtils__/deploymentCard';
import { argoCdAppsOf } from './ArgoCdApps';

const SYNCED = '4f2c9e1a7b3d5e6f8a9b0c1d2e3f4a5b6c7d8e9f';

const withArgoCd: InstanceHealth = {
  ...healthy,
  entityRef,
  status: 'warning',
  checks: [
    ...healthy.checks,
    {
      id: 'argocd',
      title: 'Argo CD sync',
      status: 'warning',
      summary: 'dir-prod-eu-dir is OutOfSync with its GitOps repository',
      remediation: 'Sync the app in Argo CD (or merge the pending change).',
      observedAt: '2026-11-28T01:00:00.000Z',
      details: {
        cluster: 'eks-eu-west-1',
        namespace: 'argocd',
        apps: [
          {
            name: 'dir-prod-eu-dir',
            sync: 'OutOfSync',
            health: 'Healthy',
            status: 'warning',
            revision: SYNCED,
            repoURL: 'https://github.com/acme/gitops.git',
            revisionUrl: `https://github.com/acme/gitops/commit/${SYNCED}`,
          },
          {
            name: 'dir-prod-eu-spire',
            sync: 'Synced',
            health: 'Healthy',
            status: 'ok',
            revision: SYNCED,
            repoURL: 'https://git.acme.com/gitops.git',
          },
        ],
      },
    },
  ],
};

describe('Argo CD apps on the card', () => {
  it('shows each app with its sync, health and the revision linked to the GitOps repository', async () => {
    await renderCard({
      api: mockDirectoryApi({
        getHealth: jest.fn().mockResolvedValue(withArgoCd),
      }),
    });
    const dir = await screen.findByTestId(
      'directory-argocd-app-dir-prod-eu-dir',
    );
    expect(dir).toHaveAttribute('data-sync', 'OutOfSync');
    expect(dir).toHaveTextContent('OutOfSync · Healthy');
    expect(within(dir).getByRole('link', { name: '4f2c9e1' })).toHaveAttribute(
      'href',
      `https://github.com/acme/gitops/commit/${SYNCED}`,
    );
    const spire = screen.getByTestId('directory-argocd-app-dir-prod-eu-spire');
    expect(spire).toHaveTextContent('Synced · Healthy');
    // A host the check cannot link: the revision as text.
    expect(within(spire).queryByRole('link')).toBeNull();
    expect(spire).toHaveTextContent('4f2c9e1');
  });

  it('ignores details that are not an app list', () => {
    expect(argoCdAppsOf(undefined)).toBeUndefined();
    expect(argoCdAppsOf({ apps: 'none' })).toBeUndefined();
    expect(argoCdAppsOf({ apps: [{ name: 'x' }] })).toBeUndefined();
  });
});
