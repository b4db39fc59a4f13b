import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FakeKubernetesApi,
  seedDirectoryInstance,
} from '@directory-ops/simulated-cluster';
import request from 'supertest';
import {
  clusterConfig,
  instanceEntity,
  TRUST_DOMAIN,
  BASE_DOMAIN,
} from '../__testUtils__/cluster';
import { directoryPlugin, POLL_TASK_ID } from '../plugin';

jest.setTimeout(60_000);

const HEALTHY = 'resource:default/healthy';
const OFFLINE = 'resource:default/offline';

const entities = [
  instanceEntity({
    name: 'healthy',
    cluster: 'eks-prod',
    release: 'dir',
    namespace: 'dir-ns',
    adminNamespace: 'dir-admin',
  }),
  // A cluster that is not configured: every poll is quick and `unknown`.
  instanceEntity({
    name: 'offline',
    cluster: 'eks-gone',
    release: 'dir',
    namespace: 'dir-ns',
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'not-an-instance', namespace: 'default' },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  },
];

describe('router', () => {
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    seedDirectoryInstance(api, {
      release: 'dir',
      namespace: 'dir-ns',
      adminNamespace: 'dir-admin',
      trustDomain: TRUST_DOMAIN,
      baseDomain: BASE_DOMAIN,
    });
  });
  afterAll(() => api.close());

  async function start(
    options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
  ) {
    const { server } = await startTestBackend({
      features: [
        directoryPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            ...clusterConfig({ 'eks-prod': api }),
            // Every refresh polls (the history test refreshes in a row).
            directory: {
              clusterTimeout: '10s',
              refresh: { minInterval: '0s' },
            },
          },
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
      ],
    });
    return server;
  }

  it('requires credentials', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/directory/instances')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('lists instances as unknown before the first poll', async () => {
    const server = await start();
    const res = await request(server).get('/api/directory/instances');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toEqual({
      entityRef: HEALTHY,
      title: 'Directory healthy',
      trustDomain: TRUST_DOMAIN,
      federationProfile: 'https_web',
      cluster: 'eks-prod',
      namespace: 'dir-ns',
      owner: expect.any(String),
      status: 'unknown',
    });
    expect(res.body.totalCount).toBe(2);
    expect(res.body.counts).toEqual({ ok: 0, warning: 0, error: 0, unknown: 2 });
  });

  it('searches, sorts and pages the instances, and names a bad parameter', async () => {
    const server = await start();
    const found = await request(server).get(
      '/api/directory/instances?q=eks-gone&sort=title&order=desc&limit=1',
    );
    expect(found.status).toBe(200);
    expect(found.body.items.map((i: { entityRef: string }) => i.entityRef)).toEqual([
      OFFLINE,
    ]);
    expect(found.body.totalCount).toBe(1);
    const bad = await request(server).get('/api/directory/instances?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/limit must be an integer from 1 to 500/);
  });

  it('tells whether a trust domain or base domain is taken', async () => {
    const server = await start();
    const res = await request(server).get(
      `/api/directory/domains/usage?trustDomain=${TRUST_DOMAIN.toUpperCase()}&baseDomain=free.example`,
    );
    expect(res.status).toBe(200);
    expect(res.body.trustDomain.usedBy.map((u: { entityRef: string }) => u.entityRef)).toContain(
      HEALTHY,
    );
    expect(res.body.baseDomain).toEqual({ value: 'free.example', usedBy: [] });
    const bad = await request(server).get('/api/directory/domains/usage');
    expect(bad.status).toBe(400);
  });

  it('answers unknown with no checks before the first poll', async () => {
    const server = await start();
    const res = await request(server).get(
      `/api/directory/health?entityRef=${HEALTHY}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entityRef: HEALTHY,
      status: 'unknown',
      checks: [],
    });
  });

  it('answers 400 naming the parameter for a missing or bad entityRef', async () => {
    const server = await start();
    for (const path of [
      '/health',
      '/health?entityRef=',
      '/health/history?entityRef=default/no-kind',
    ]) {
      const res = await request(server).get(`/api/directory${path}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('entityRef');
    }
    const refresh = await request(server).post(
      '/api/directory/health/refresh?entityRef=kind:',
    );
    expect(refresh.status).toBe(400);
    expect(refresh.body.error.message).toContain('entityRef');
  });

  it('answers 404 for an unknown entity or one that is not an instance', async () => {
    const server = await start();
    for (const ref of [
      'resource:default/nope',
      'component:default/not-an-instance',
    ]) {
      const res = await request(server).get(
        `/api/directory/health?entityRef=${ref}`,
      );
      expect(res.status).toBe(404);
    }
    const refresh = await request(server).post(
      '/api/directory/health/refresh?entityRef=resource:default/nope',
    );
    expect(refresh.status).toBe(404);
  });

  it('answers 403 when the permission is denied', async () => {
    const server = await start({ permission: AuthorizeResult.DENY });
    expect((await request(server).get('/api/directory/instances')).status).toBe(
      403,
    );
    expect(
      (await request(server).get(`/api/directory/health?entityRef=${HEALTHY}`))
        .status,
    ).toBe(403);
    expect(
      (
        await request(server).get(
          `/api/directory/health/history?entityRef=${HEALTHY}`,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await request(server).post(
          `/api/directory/health/refresh?entityRef=${HEALTHY}`,
        )
      ).status,
    ).toBe(403);
  });

  it('refreshes, then serves the stored health, without tokens or certificates', async () => {
    const server = await start();
    const refresh = await request(server).post(
      `/api/directory/health/refresh?entityRef=${HEALTHY}`,
    );
    expect(refresh.status).toBe(200);
    expect(refresh.body).toMatchObject({
      entityRef: HEALTHY,
      checkedAt: expect.any(String),
    });
    expect(refresh.body.checks.map((c: { id: string }) => c.id)).toEqual([
      'svid',
      'tls-passthrough',
      'cronjobs',
      'pvcs',
      'rollout',
      'config-drift',
    ]);
    expect(
      refresh.body.checks.find((c: { id: string }) => c.id === 'svid'),
    ).toMatchObject({
      status: 'ok',
      observedAt: expect.any(String),
    });

    const health = await request(server).get(
      `/api/directory/health?entityRef=${HEALTHY}`,
    );
    expect(health.body).toEqual(refresh.body);
    const text = JSON.stringify(health.body);
    expect(text).not.toContain(api.token);
    expect(text).not.toContain(api.caData);
    expect(text).not.toContain('BEGIN CERTIFICATE');

    const instances = await request(server).get('/api/directory/instances');
    expect(instances.body.items[0]).toMatchObject({
      entityRef: HEALTHY,
      status: refresh.body.status,
      checkedAt: refresh.body.checkedAt,
      worstCheck: { id: 'tls-passthrough', status: 'unknown' },
    });
  });

  it('answers a card that holds the current health with 304, and a new result with a new validator', async () => {
    const server = await start();
    await request(server).post(
      `/api/directory/health/refresh?entityRef=${HEALTHY}`,
    );
    const first = await request(server).get(
      `/api/directory/health?entityRef=${HEALTHY}`,
    );
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe(
      'application/json; charset=utf-8',
    );
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/"[0-9a-f]+-/);
    const again = await request(server)
      .get(`/api/directory/health?entityRef=${HEALTHY}`)
      .set('If-None-Match', etag);
    expect(again.status).toBe(304);

    const refreshed = await request(server).post(
      `/api/directory/health/refresh?entityRef=${HEALTHY}`,
    );
    const after = await request(server)
      .get(`/api/directory/health?entityRef=${HEALTHY}`)
      .set('If-None-Match', etag);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.body).toEqual(refreshed.body);
  });

  it('keeps the transitions through a burst of refreshes and says since when', async () => {
    const server = await start();
    for (let i = 0; i < 52; i++) {
      const res = await request(server).post(
        `/api/directory/health/refresh?entityRef=${OFFLINE}`,
      );
      expect(res.status).toBe(200);
    }
    const health = await request(server).get(
      `/api/directory/health?entityRef=${OFFLINE}`,
    );
    expect(health.body.status).toBe('unknown');
    expect(health.body.since).toEqual(expect.any(String));
    expect(health.body.checks[0].since).toEqual(expect.any(String));
    const history = await request(server).get(
      `/api/directory/health/history?entityRef=${OFFLINE}`,
    );
    expect(history.status).toBe(200);
    expect(history.body.entityRef).toBe(OFFLINE);
    // One transition into `unknown` for the instance and for each check,
    // whatever the number of refreshes.
    const instance = history.body.items.filter(
      (t: { checkId?: string }) => t.checkId === undefined,
    );
    expect(instance).toEqual([
      expect.objectContaining({ status: 'unknown', at: health.body.since }),
    ]);
    expect(history.body.items).toContainEqual(
      expect.objectContaining({
        checkId: 'svid',
        status: 'unknown',
        summary: expect.stringContaining('not configured'),
      }),
    );
    const bad = await request(server).get(
      `/api/directory/health/history?entityRef=${OFFLINE}&from=yesterday`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/from must be an ISO 8601 time/);
  });

  it('schedules one global poll task from directory.schedule', async () => {
    const scheduler = mockServices.scheduler.mock();
    await startTestBackend({
      features: [
        directoryPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            directory: {
              schedule: { frequency: { minutes: 5 }, timeout: { minutes: 3 } },
            },
          },
        }),
        scheduler.factory,
      ],
    });
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: POLL_TASK_ID,
        scope: 'global',
        frequency: { minutes: 5 },
        timeout: { minutes: 3 },
      }),
    );
  });
});
