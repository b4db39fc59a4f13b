import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { instanceEntity } from '../__testUtils__/cluster';
import {
  invokeAction,
  startActionsBackend,
} from '../__testUtils__/actionsBackend';
import { examples } from './createGetDirectoryInstanceHealthAction.examples';

jest.setTimeout(30_000);

const entity = instanceEntity({
  name: 'dir-prod',
  cluster: 'eks-prod',
  namespace: 'dir-prod',
  release: 'dir',
});
const entityRef = 'resource:default/dir-prod';

describe('get-directory-instance-health', () => {
  it('answers what GET /health answers: unknown before the first poll', async () => {
    const backend = await startActionsBackend({ entities: [entity] });
    try {
      const res = await invokeAction(backend, 'get-directory-instance-health', {
        entityRef: 'resource:dir-prod',
      });
      expect(res.status).toBe(200);
      expect(res.body.output).toEqual({
        entityRef,
        status: 'unknown',
        checks: [],
      });
    } finally {
      await backend.stop();
    }
  });

  it('is not found for an entity that is not a Directory instance', async () => {
    const backend = await startActionsBackend({ entities: [entity] });
    try {
      const res = await invokeAction(backend, 'get-directory-instance-health', {
        entityRef: 'resource:default/elsewhere',
      });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        'No Directory instance resource:default/elsewhere',
      );
    } finally {
      await backend.stop();
    }
  });

  it('honours directory.instance.read for the caller', async () => {
    const backend = await startActionsBackend({
      entities: [entity],
      permissions: AuthorizeResult.DENY,
    });
    try {
      const res = await invokeAction(backend, 'get-directory-instance-health', {
        entityRef,
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'Not allowed: directory.instance.read',
      );
    } finally {
      await backend.stop();
    }
  });

  it('rejects input without an entity ref, naming the field', async () => {
    const backend = await startActionsBackend({ entities: [entity] });
    try {
      const res = await invokeAction(
        backend,
        'get-directory-instance-health',
        {},
      );
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/entityRef/);
    } finally {
      await backend.stop();
    }
  });

  it('has examples whose input the action accepts', async () => {
    const backend = await startActionsBackend({
      entities: [
        entity,
        instanceEntity({
          name: 'globex-prod-directory',
          cluster: 'eks-prod',
          namespace: 'dir-globex',
          release: 'dir',
        }),
      ],
    });
    try {
      for (const example of examples) {
        const res = await invokeAction(
          backend,
          'get-directory-instance-health',
          example.input,
        );
        expect(res.status).toBe(200);
      }
    } finally {
      await backend.stop();
    }
  });
});
