import type { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DIRECTORY_ENTITY_TYPE,
  InstanceHealth,
  InstanceHealthHistory,
  LATEST_SUPPORTED_RELEASE,
  readDirectoryInstance,
} from '@directory-ops/plugin-directory-common';

/**
 * The id of the fact retriever, and of its facts in the Tech Insights API.
 * @public
 */
export const DIRECTORY_FACT_RETRIEVER_ID = 'directoryInstanceFactRetriever';

type JsonFetch = <T>(pluginId: string, path: string) => Promise<T>;

/** GETs another plugin's API with the tech-insights plugin's own credentials. */
function jsonFetcher(
  discovery: DiscoveryService,
  auth: AuthService,
): JsonFetch {
  return async <T>(pluginId: string, path: string) => {
    const [baseUrl, { token }] = await Promise.all([
      discovery.getBaseUrl(pluginId),
      auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: pluginId,
      }),
    ]);
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  };
}

/** Whether any check, or the instance, was in error during the window. */
function errorInWindow(
  health: InstanceHealth,
  history: InstanceHealthHistory,
): boolean {
  return (
    health.status === 'error' ||
    history.items.some(
      t => t.status === 'error' || t.previousStatus === 'error',
    )
  );
}

/**
 * Creates the fact retriever. It publishes one fact set per Directory
 * instance: each check's status, the instance status, whether anything was
 * in error in the last 24 hours, the release and whether it is the newest
 * supported, the federation profile and the peer count. Instances come from
 * the catalog, health from the `directory` plugin's API (`/health` and
 * `/health/history`, whose default window is 24 hours).
 *
 * @public
 */
export function createDirectoryFactRetriever(options: {
  catalog: CatalogService;
}): FactRetriever {
  return {
    id: DIRECTORY_FACT_RETRIEVER_ID,
    version: '0.1.0',
    title: 'AGNTCY Directory instances',
    description:
      'Health, release and federation of each AGNTCY Directory instance, from Directory Ops',
    entityFilter: [{ kind: 'resource', 'spec.type': DIRECTORY_ENTITY_TYPE }],
    schema: {
      status: {
        type: 'string',
        description: 'The instance status: ok, warning, error or unknown',
      },
      checks: {
        type: 'object',
        description:
          'Each check id with its status, e.g. { "tls-passthrough": "ok" }',
      },
      checksInError: {
        type: 'integer',
        description: 'How many checks are in error now',
      },
      errorInLast24h: {
        type: 'boolean',
        description:
          'Whether the instance or any check was in error in the last 24 hours',
      },
      releaseVersion: {
        type: 'string',
        description: 'The Directory release (agntcy.org/release-version)',
      },
      releaseIsNewestSupported: {
        type: 'boolean',
        description: `Whether the release is the newest Directory Ops supports (${LATEST_SUPPORTED_RELEASE})`,
      },
      federationProfile: {
        type: 'string',
        description: 'https_web or https_spiffe',
      },
      peerCount: {
        type: 'integer',
        description: 'How many trust domains the instance federates with',
      },
    },
    async handler({ discovery, auth, logger }) {
      const get = jsonFetcher(discovery, auth);
      const { items } = await options.catalog.getEntities(
        { filter: { kind: 'resource', 'spec.type': DIRECTORY_ENTITY_TYPE } },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      const facts = [];
      for (const entity of items) {
        const entityRef = stringifyEntityRef(entity);
        const read = readDirectoryInstance(entity);
        if (!read.ok) {
          logger.debug(
            `No Directory facts for ${entityRef}: invalid annotations`,
          );
          continue;
        }
        const query = `?entityRef=${encodeURIComponent(entityRef)}`;
        const [health, history] = await Promise.all([
          get<InstanceHealth>('directory', `/health${query}`),
          get<InstanceHealthHistory>('directory', `/health/history${query}`),
        ]);
        const { instance } = read;
        facts.push({
          entity: entityName(entity),
          facts: {
            status: health.status,
            checks: Object.fromEntries(
              health.checks.map(c => [c.id, c.status]),
            ),
            checksInError: health.checks.filter(c => c.status === 'error')
              .length,
            errorInLast24h: errorInWindow(health, history),
            releaseVersion: instance.releaseVersion ?? '',
            releaseIsNewestSupported:
              instance.releaseVersion === LATEST_SUPPORTED_RELEASE,
            federationProfile: instance.federationProfile,
            peerCount: instance.federatedPeers.length,
          },
        });
      }
      return facts;
    },
  };
}

function entityName(entity: Entity) {
  return {
    namespace: entity.metadata.namespace ?? 'default',
    kind: entity.kind,
    name: entity.metadata.name,
  };
}
