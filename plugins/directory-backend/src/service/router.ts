import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  directoryInstanceReadPermission,
  directoryInstanceRefreshPermission,
  DomainUsage,
  InstanceHealth,
  InstanceHealthHistory,
  InstancesPage,
  InstanceSummary,
  isDirectoryInstanceEntity,
  readDirectoryInstance,
} from '@directory-ops/plugin-directory-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { HealthStore } from '../database/HealthStore';
import { withSince } from '../database/transitions';
import { domainUsage } from './domainUsage';
import { HealthPoller } from './HealthPoller';
import { InstanceRefresher } from './InstanceRefresher';
import { JsonAnswers } from './JsonAnswers';
import { parseHistoryWindow } from './historyWindow';
import { toInstanceSummary } from './instanceSummary';
import { parseInstancesQuery, queryInstances } from './instancesQuery';

/** Options of {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: HealthStore;
  poller: HealthPoller;
  refresher: InstanceRefresher;
}

function entityRefParameter(req: Request): string {
  const value = req.query.entityRef;
  if (value === undefined || value === '') {
    throw new InputError('Missing query parameter entityRef');
  }
  if (typeof value !== 'string') {
    throw new InputError('Query parameter entityRef must be a single string');
  }
  try {
    return stringifyEntityRef(parseEntityRef(value));
  } catch (error) {
    throw new InputError(
      `Invalid query parameter entityRef: ${(error as Error).message}`,
    );
  }
}

/**
 * The REST API: `GET /instances`, `GET /health`, `POST /health/refresh` and
 * `GET /health/history`. Entities are read from the catalog with the
 * caller's credentials, so an entity the catalog hides from them is not
 * found; `directory.instance.read` and `directory.instance.refresh` are then
 * decided on the instance's entity.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, store, poller, refresher } = options;
  const router = Router();
  const healthAnswers = new JsonAnswers<InstanceHealth>();

  /** Throws 403 unless the policy allows `permission` on the entity. */
  const authorize = async (
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    entityRef: string,
  ) => {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
  };

  /** The instance's entity as the caller's catalog permissions show it. */
  const instanceEntity = async (
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> => {
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity || !isDirectoryInstanceEntity(entity)) {
      throw new NotFoundError(`No Directory instance ${entityRef}`);
    }
    return entity;
  };

  /** The instance entities the caller may read, in catalog order. */
  const readableInstanceEntities = async (
    credentials: BackstageCredentials,
  ): Promise<Entity[]> => {
    const permission = directoryInstanceReadPermission;
    const [decision] = await permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    const entities = await poller.listInstanceEntities(credentials);
    if (decision.result === AuthorizeResult.ALLOW || entities.length === 0) {
      return entities;
    }
    // Conditional: the catalog decides the conditions on each entity.
    const decisions = await permissions.authorize(
      entities.map(entity => ({
        permission,
        resourceRef: stringifyEntityRef(entity),
      })),
      { credentials },
    );
    return entities.filter(
      (_, index) => decisions[index].result === AuthorizeResult.ALLOW,
    );
  };

  router.get('/instances', async (req, res) => {
    const query = parseInstancesQuery(req.query);
    const credentials = await httpAuth.credentials(req);
    const [entities, latest, since] = await Promise.all([
      readableInstanceEntities(credentials),
      store.latestOfAll(),
      store.instanceSinceOfAll(),
    ]);
    const summaries: InstanceSummary[] = entities.map(entity => {
      const entityRef = stringifyEntityRef(entity);
      return toInstanceSummary(
        entity,
        latest.get(entityRef),
        since.get(entityRef),
      );
    });
    const body: InstancesPage = queryInstances(summaries, query);
    res.json(body);
  });

  router.get('/domains/usage', async (req, res) => {
    const entities = await readableInstanceEntities(
      await httpAuth.credentials(req),
    );
    const body: DomainUsage = domainUsage(entities, req.query);
    res.json(body);
  });

  router.get('/health', async (req, res) => {
    const ref = entityRefParameter(req);
    const credentials = await httpAuth.credentials(req);
    const entityRef = stringifyEntityRef(
      await instanceEntity(ref, credentials),
    );
    await authorize(credentials, directoryInstanceReadPermission, entityRef);
    healthAnswers.send(res, await store.health(entityRef));
  });

  router.post('/health/refresh', async (req, res) => {
    const ref = entityRefParameter(req);
    const credentials = await httpAuth.credentials(req);
    const entity = await instanceEntity(ref, credentials);
    await authorize(
      credentials,
      directoryInstanceRefreshPermission,
      stringifyEntityRef(entity),
    );
    const read = readDirectoryInstance(entity);
    if (!read.ok) {
      throw new InputError(
        `Directory instance ${ref} cannot be checked: ${[
          ...read.missing.map(a => `missing annotation ${a}`),
          ...read.invalid.map(i => `annotation ${i.annotation} ${i.problem}`),
        ].join('; ')}`,
      );
    }
    const result = await refresher.refresh(read.instance);
    const body: InstanceHealth = withSince(
      result,
      await store.since(result.entityRef),
    );
    res.json(body);
  });

  router.get('/health/history', async (req, res) => {
    const ref = entityRefParameter(req);
    const credentials = await httpAuth.credentials(req);
    const entityRef = stringifyEntityRef(
      await instanceEntity(ref, credentials),
    );
    await authorize(credentials, directoryInstanceReadPermission, entityRef);
    const window = parseHistoryWindow(req.query, new Date());
    const body: InstanceHealthHistory = {
      entityRef,
      ...window,
      items: await store.transitions(entityRef, window),
    };
    res.json(body);
  });

  return router;
}
