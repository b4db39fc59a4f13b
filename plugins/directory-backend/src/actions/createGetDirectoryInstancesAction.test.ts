import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { instanceEntity } from '../__testUtils__/cluster';
import {
  invokeAction,
  listActions,
  startActionsBackend,
} from '../__testUtils__/actionsBackend';
import { examples } from './createGetDirectoryInstancesAction.examples';

jest.setTimeout(30_000);

const entities = ['acme-prod', 'globex-prod'].map(name =>
  instanceEntity({
    name,
    cluster: name === 'acme-prod' ? 'prod-eks-1' : 'prod-eks-2',
    namespace: `dir-${name}`,
    release: 'dir',
  }),
);

describe('get-directory-instances', () => {
  it('lists the fleet with the filters of GET /instances', async () => {
    const backend = await startActionsBackend({ entities });
    try {
      expect(await listActions(backend)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'get-directory-instances',
            attributes: {
              readOnly: true,
              destructive: false,
              idempotent: true,
            },
          }),
        ]),
      );

      const all = await invokeAction(backend, 'get-directory-instances', {});
      expect(all.status).toBe(200);
      expect(all.body.output).toEqual(
        expect.objectContaining({
          totalCount: 2,
          items: expect.arrayContaining([
            expect.objectContaining({
              entityRef: 'resource:default/acme-prod',
              title: 'Directory acme-prod',
              cluster: 'prod-eks-1',
              status: 'unknown',
            }),
          ]),
        }),
      );

      const filtered = await invokeAction(backend, 'get-directory-instances', {
        cluster: ['prod-eks-2'],
        status: ['unknown'],
        limit: 1,
      });
      expect(filtered.status).toBe(200);
      expect(
        filtered.body.output.items.map(
          (i: { entityRef: string }) => i.entityRef,
        ),
      ).toEqual(['resource:default/globex-prod']);

      for (const example of examples) {
        const res = await invokeAction(
          backend,
          'get-directory-instances',
          example.input,
        );
        expect(res.status).toBe(200);
      }
    } finally {
      await backend.stop();
    }
  });

  it('rejects a bad filter, naming the field and the rule', async () => {
    const backend = await startActionsBackend({ entities });
    try {
      const res = await invokeAction(backend, 'get-directory-instances', {
        limit: 0,
      });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/limit/);
    } finally {
      await backend.stop();
    }
  });

  it('honours directory.instance.read for the caller', async () => {
    const backend = await startActionsBackend({
      entities,
      permissions: AuthorizeResult.DENY,
    });
    try {
      const res = await invokeAction(backend, 'get-directory-instances', {});
      expect(res.status).toBe(403);
    } finally {
      await backend.stop();
    }
  });
});
