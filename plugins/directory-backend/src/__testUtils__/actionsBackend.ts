/*
 * A test backend with the directory plugin and the real actions registry,
 * and a way to invoke its actions as a caller would through MCP.
 */
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { FakeKubernetesApi } from '@directory-ops/simulated-cluster';
import request from 'supertest';
import { directoryPlugin } from '../plugin';
import { clusterConfig } from './cluster';

/** Starts the backend; `permissions` decides every permission when given. */
export async function startActionsBackend(options: {
  entities: Entity[];
  clusters?: Record<string, FakeKubernetesApi>;
  permissions?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
}) {
  return startTestBackend({
    features: [
      directoryPlugin,
      actionsRegistryServiceFactory,
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({
        data: clusterConfig(options.clusters ?? {}),
      }),
      ...(options.permissions
        ? [mockServices.permissions.factory({ result: options.permissions })]
        : []),
    ],
  });
}

/** Invokes `directory:<name>` as a user, like the actions service does. */
export async function invokeAction(
  backend: Awaited<ReturnType<typeof startActionsBackend>>,
  name: string,
  input: object,
) {
  return request(backend.server)
    .post(
      `/api/directory/.backstage/actions/v1/actions/directory:${name}/invoke`,
    )
    .set('Authorization', mockCredentials.user.header())
    .send(input);
}

/** The actions the backend lists to a user. */
export async function listActions(
  backend: Awaited<ReturnType<typeof startActionsBackend>>,
) {
  const res = await request(backend.server)
    .get('/api/directory/.backstage/actions/v1/actions')
    .set('Authorization', mockCredentials.user.header());
  return res.body.actions as Array<{ name: string; attributes: object }>;
}
