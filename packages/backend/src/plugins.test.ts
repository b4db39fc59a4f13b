import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import request from 'supertest';

const instance: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'acme-prod-directory',
    namespace: 'default',
    title: 'ACME production Directory',
    annotations: {
      'agntcy.org/trust-domain': 'acme.com',
      'agntcy.org/federation-profile': 'https_web',
      'agntcy.org/base-domain': 'acme.com',
      'agntcy.org/kubernetes-cluster': 'prod-eks-1',
      'agntcy.org/namespace': 'dir-prod-dir',
      'agntcy.org/release': 'dir-dir-prod-argoapp',
    },
  },
  spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
};

describe('Directory Ops backend plugins', () => {
  // Each test starts a backend; the first also loads client-node.
  jest.setTimeout(60_000);

  it('starts the directory plugin and answers for the fleet', async () => {
    const backend = await startTestBackend({
      features: [
        import('@directory-ops/plugin-directory-backend'),
        catalogServiceMock.factory({ entities: [instance] }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    try {
      const res = await request(backend.server)
        .get('/api/directory/instances')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          entityRef: 'resource:default/acme-prod-directory',
          trustDomain: 'acme.com',
          status: 'unknown',
        }),
      ]);
      const unauthenticated = await request(backend.server)
        .get('/api/directory/instances')
        .set('Authorization', mockCredentials.none.header());
      expect(unauthenticated.status).toBe(401);
    } finally {
      await backend.stop();
    }
  });

  it('starts the scaffolder module and lists the directory actions', async () => {
    const backend = await startTestBackend({
      features: [
        import('@backstage/plugin-scaffolder-backend'),
        import('@backstage/plugin-scaffolder-backend-module-github'),
        import('@directory-ops/plugin-scaffolder-backend-module-directory'),
        catalogServiceMock.factory(),
      ],
    });
    try {
      const res = await request(backend.server)
        .get('/api/scaffolder/v2/actions')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      const ids = (res.body as Array<{ id: string }>).map(a => a.id);
      expect(ids).toEqual(
        expect.arrayContaining([
          'directory:deployment:generate',
          'directory:trust-domain:validate',
          'directory:dns:plan',
          'publish:github:pull-request',
        ]),
      );
    } finally {
      await backend.stop();
    }
  });

  it('starts the catalog with the directory module and serves instances', async () => {
    const backend = await startTestBackend({
      features: [
        import('@backstage/plugin-catalog-backend'),
        import('@directory-ops/plugin-catalog-backend-module-directory'),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              locations: [],
              providers: { directory: { schedule: { frequency: { hours: 1 }, timeout: { minutes: 1 } } } },
            },
          },
        }),
      ],
    });
    try {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-query?filter=spec.type=agntcy-directory')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    } finally {
      await backend.stop();
    }
  });
});
