/* Fixtures of the deployment card tests. */
import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  InstanceHealth,
  toDirectoryInstanceEntity,
} from '@directory-ops/plugin-directory-common';
import { DirectoryApi, directoryApiRef } from '../api';
import { DirectoryDeploymentCard } from '../components/DirectoryDeploymentCard';

export const entityRef = 'resource:platform/dir-prod-eu';

export const entity: Entity = toDirectoryInstanceEntity(
  {
    trustDomain: 'dir.acme.com',
    federationProfile: 'https_web',
    baseDomain: 'dir.acme.com',
    cluster: 'eks-eu-west-1',
    namespace: 'dir',
    adminNamespace: 'dir-admin',
    release: 'dir',
    releaseVersion: 'v1.7.0',
    federatedPeers: ['spire.ads.outshift.io', 'partner.example-corp.com'],
    argocdAppName: 'dir-prod-eu',
  },
  {
    name: 'dir-prod-eu',
    namespace: 'platform',
    title: 'dir-prod-eu',
    owner: 'platform',
  },
);

export const healthy: InstanceHealth = {
  entityRef,
  status: 'ok',
  checkedAt: '2026-11-28T01:00:00.000Z',
  checks: [
    {
      id: 'svid',
      title: 'SPIFFE SVID',
      status: 'ok',
      summary: 'The apiserver holds a valid X.509-SVID',
      observedAt: '2026-11-28T01:00:00.000Z',
    },
    {
      id: 'tls-passthrough',
      title: 'API TLS passthrough',
      status: 'ok',
      summary: 'api.dir.acme.com presents the SPIFFE SVID',
      observedAt: '2026-11-28T01:00:00.000Z',
    },
  ],
};

export const failing: InstanceHealth = {
  entityRef,
  status: 'error',
  checkedAt: '2026-11-28T01:05:00.000Z',
  checks: [
    healthy.checks[0],
    {
      id: 'tls-passthrough',
      title: 'API TLS passthrough',
      status: 'error',
      summary: 'certificate is valid for ingress.local',
      remediation:
        'Enable --enable-ssl-passthrough on the controller and remove secretName from the API ingress',
      observedAt: '2026-11-28T01:05:00.000Z',
    },
    {
      id: 'pvcs',
      title: 'Persistent volumes',
      status: 'warning',
      summary: 'PVC zot-data is Pending',
      remediation: 'Install the EBS CSI driver and mark a default StorageClass',
      observedAt: '2026-11-28T01:05:00.000Z',
    },
  ],
};

export function mockDirectoryApi(overrides: Partial<DirectoryApi> = {}): DirectoryApi {
  return {
    listInstances: jest.fn().mockResolvedValue({
      items: [],
      totalCount: 0,
      counts: { ok: 0, warning: 0, error: 0, unknown: 0 },
      facets: { cluster: [], profile: [], owner: [] },
    }),
    getHealth: jest.fn().mockResolvedValue(healthy),
    refreshHealth: jest.fn().mockResolvedValue(healthy),
    getHealthHistory: jest.fn().mockResolvedValue({
      entityRef,
      from: '2026-11-27T01:00:00.000Z',
      to: '2026-11-28T01:00:00.000Z',
      items: [],
    }),
    getDomainUsage: jest.fn().mockResolvedValue({}),
    ...overrides,
  };
}

export function renderCard(options: {
  api: DirectoryApi;
  entity?: Entity;
  refreshAllowed?: boolean;
  config?: { directory: { argocd: { baseUrl: string } } };
  card?: JSX.Element;
}) {
  return renderInTestApp(
    <EntityProvider entity={options.entity ?? entity}>
      {options.card ?? <DirectoryDeploymentCard />}
    </EntityProvider>,
    {
      apis: [
        [directoryApiRef, options.api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: options.refreshAllowed
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
          }),
        ],
      ],
      config: options.config,
    },
  );
}

