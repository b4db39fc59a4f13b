import type {
  AuthService,
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
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  ANNOTATION_FEDERATION_PROFILE,
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_NAMESPACE,
  ANNOTATION_TRUST_DOMAIN,
  directoryInstanceReadPermission,
  directoryInstanceRefreshPermission,
  InstanceHealth,
  InstanceHealthHistory,
  InstanceSummary,
  isDirectoryInstanceEntity,
  readDirectoryInstance,
  worstCheck,
} from '@directory-ops/plugin-directory-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { HealthStore } from '../database/HealthStore';
import { HealthPoller } from './HealthPoller';

/** Options of {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: HealthStore;
  poller: HealthPoller;
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
 * `GET /health/history`, guarded by the `directory.instance.read` and
 * `directory.instance.refresh` permissions.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, auth, permissions, catalog, store, poller } = options;
  const router = Router();
  router.use(express.json());

  const authorize = async (req: Request, permission: BasicPermission) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
  };

  const instanceEntity = async (entityRef: string): Promise<Entity> => {
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (!entity || !isDirectoryInstanceEntity(entity)) {
      throw new NotFoundError(`No Directory instance ${entityRef}`);
    }
    return entity;
  };

  router.get('/instances', async (req, res) => {
    await authorize(req, directoryInstanceReadPermission);
    const [entities, latest] = await Promise.all([
      poller.listInstanceEntities(),
      store.latestOfAll(),
    ]);
    const items: InstanceSummary[] = entities.map(entity => {
      const entityRef = stringifyEntityRef(entity);
      const annotations = entity.metadata.annotations ?? {};
      const stored = latest.get(entityRef);
      const worst = stored ? worstCheck(stored.checks) : undefined;
      return {
        entityRef,
        title: entity.metadata.title ?? entity.metadata.name,
        trustDomain: annotations[ANNOTATION_TRUST_DOMAIN],
        federationProfile: annotations[ANNOTATION_FEDERATION_PROFILE],
        cluster: annotations[ANNOTATION_KUBERNETES_CLUSTER],
        namespace: annotations[ANNOTATION_NAMESPACE],
        status: stored?.status ?? 'unknown',
        checkedAt: stored?.checkedAt,
        worstCheck: worst && {
          id: worst.id,
          status: worst.status,
          summary: worst.summary,
        },
      };
    });
    res.json({ items });
  });

  router.get('/health', async (req, res) => {
    const ref = entityRefParameter(req);
    await authorize(req, directoryInstanceReadPermission);
    const entityRef = stringifyEntityRef(await instanceEntity(ref));
    const stored = await store.latest(entityRef);
    const body: InstanceHealth = stored ?? {
      entityRef,
      status: 'unknown',
      checks: [],
    };
    res.json(body);
  });

  router.post('/health/refresh', async (req, res) => {
    const ref = entityRefParameter(req);
    await authorize(req, directoryInstanceRefreshPermission);
    const read = readDirectoryInstance(await instanceEntity(ref));
    if (!read.ok) {
      throw new InputError(
        `Directory instance ${ref} cannot be checked: ${[
          ...read.missing.map(a => `missing annotation ${a}`),
          ...read.invalid.map(i => `annotation ${i.annotation} ${i.problem}`),
        ].join('; ')}`,
      );
    }
    const body: InstanceHealth = await poller.pollInstance(read.instance);
    res.json(body);
  });

  router.get('/health/history', async (req, res) => {
    const ref = entityRefParameter(req);
    await authorize(req, directoryInstanceReadPermission);
    const entityRef = stringifyEntityRef(await instanceEntity(ref));
    const body: InstanceHealthHistory = {
      entityRef,
      items: (await store.history(entityRef)).map(
        ({ status, checkedAt, checks }) => ({
          status,
          checkedAt,
          checks,
        }),
      ),
    };
    res.json(body);
  });

  return router;
}
