import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DirectoryCheck,
  directoryChecksExtensionPoint,
} from '@directory-ops/plugin-directory-node';
import request from 'supertest';
import { instanceEntity } from './__testUtils__/cluster';
import { directoryPlugin } from './plugin';

jest.setTimeout(60_000);

const ENTITY_REF = 'resource:default/lost';
// A cluster that is not configured: the built-in checks answer `unknown`
// at once, without any network.
const entities = [
  instanceEntity({
    name: 'lost',
    cluster: 'eks-gone',
    release: 'dir',
    namespace: 'dir-ns',
  }),
];

function checkModule(moduleId: string, check: DirectoryCheck) {
  return createBackendModule({
    pluginId: 'directory',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { checks: directoryChecksExtensionPoint },
        async init({ checks }) {
          checks.addCheck(check);
        },
      });
    },
  });
}

function start(...modules: ReturnType<typeof checkModule>[]) {
  return startTestBackend({
    features: [
      directoryPlugin,
      ...modules,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({ data: {} }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    ],
  });
}

describe('directoryChecksExtensionPoint', () => {
  it('runs a module check after the built-in ones, with its title, in the overall status', async () => {
    const { server } = await start(
      checkModule('ticket-queue', {
        id: 'ticket-queue',
        title: 'Ticket queue',
        async run({ instance }) {
          return {
            status: 'error',
            summary: `${instance.namespace} has 12 open tickets`,
            remediation: 'Close some tickets.',
          };
        },
      }),
    );
    const res = await request(server)
      .post('/api/directory/health/refresh')
      .query({ entityRef: ENTITY_REF });
    expect(res.status).toBe(200);
    const ids = res.body.checks.map((c: { id: string }) => c.id);
    expect(ids).toEqual([
      'svid',
      'tls-passthrough',
      'cronjobs',
      'pvcs',
      'rollout',
      'config-drift',
      'ticket-queue',
    ]);
    expect(res.body.checks[0].title).toBe('SPIFFE SVID');
    expect(res.body.checks.at(-1)).toMatchObject({
      id: 'ticket-queue',
      title: 'Ticket queue',
      status: 'error',
      summary: 'dir-ns has 12 open tickets',
      remediation: 'Close some tickets.',
    });
    expect(res.body.status).toBe('error');
  });

  it('fails startup when a check id is taken', async () => {
    await expect(
      start(
        checkModule('my-svid', {
          id: 'svid',
          title: 'My SVID',
          run: async () => undefined,
        }),
      ),
    ).rejects.toThrow(
      /Directory check id 'svid' is registered twice \('SPIFFE SVID' and 'My SVID'\)/,
    );
  });

  it('fails startup for an id that is not lower-case words and dashes', async () => {
    await expect(
      start(
        checkModule('bad-id', {
          id: 'My Check',
          title: 'Mine',
          run: async () => undefined,
        }),
      ),
    ).rejects.toThrow(/Invalid Directory check id 'My Check'/);
  });
});
