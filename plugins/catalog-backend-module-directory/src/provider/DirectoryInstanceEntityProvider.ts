import { randomUUID } from 'node:crypto';
import {
  AuthService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { toError } from '@backstage/errors';
import {
  CatalogService,
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_NAMESPACE,
  ANNOTATION_RELEASE,
  ANNOTATION_TRUST_DOMAIN,
  DIRECTORY_ENTITY_TYPE,
  DIRECTORY_PROVIDER_LOCATION_PREFIX,
  redactedExcerpt,
  toDirectoryInstanceEntity,
} from '@directory-ops/plugin-directory-common';
import {
  ClusterConnector,
  DirectoryClustersService,
} from '@directory-ops/plugin-directory-node';
import { readDirectoryProviderConfig } from '../config';
import { configuredLocationRefs, unreadLocations } from './catalogLocations';
import {
  DiscoveredInstance,
  discoverDirectoryInstances,
} from './discoverInstances';

/** How long the first run waits for the catalog to read its locations. */
const LOCATIONS_WAIT_MS = 2 * 60 * 1000;
/** How often the first run looks again while it waits. */
const LOCATIONS_POLL_MS = 500;

/** Prefix of the locations of the entities this provider emits. */
const LOCATION_PREFIX = DIRECTORY_PROVIDER_LOCATION_PREFIX;

/** Lowercase, `[a-z0-9-]`, at most 63 characters: a valid entity name. */
function toEntityName(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
}

function instanceKey(cluster?: string, namespace?: string, release?: string) {
  return `${cluster}/${namespace}/${release}`;
}

/**
 * Discovers AGNTCY Directory instances in every cluster of
 * `kubernetes.clusterLocatorMethods` and keeps one `Resource` entity
 * (`spec.type: agntcy-directory`) per instance in the catalog. Instances
 * already registered by hand (same cluster, namespace and release, or same
 * trust domain) are left to their registered entity. A cluster that cannot
 * be read keeps its previous entities.
 *
 * @public
 */
export class DirectoryInstanceEntityProvider implements EntityProvider {
  readonly #connector: DirectoryClustersService;
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #owner: string;
  readonly #logger: LoggerService;
  readonly #taskRunner: SchedulerServiceTaskRunner;
  readonly #lastByCluster = new Map<string, DeferredEntity[]>();
  readonly #configuredLocations: string[];
  #locationsRead = false;
  #connection?: EntityProviderConnection;

  /**
   * Creates the provider from `catalog.providers.directory` (schedule and
   * owner). Pass `clusters` (the `directoryClustersServiceRef` service),
   * otherwise the clusters are read from `kubernetes.clusterLocatorMethods`
   * and `aws`. Pass `schedule` to run it with your own task runner, otherwise
   * `scheduler` is used.
   */
  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      catalog: CatalogService;
      auth: AuthService;
      clusters?: DirectoryClustersService;
      scheduler?: SchedulerService;
      schedule?: SchedulerServiceTaskRunner;
    },
  ): DirectoryInstanceEntityProvider {
    const providerConfig = readDirectoryProviderConfig(config);
    const taskRunner =
      options.schedule ??
      options.scheduler?.createScheduledTaskRunner(providerConfig.schedule);
    if (!taskRunner) {
      throw new Error(
        'DirectoryInstanceEntityProvider needs either a schedule or a scheduler',
      );
    }
    const logger = options.logger.child({ target: 'directory-provider' });
    return new DirectoryInstanceEntityProvider({
      connector:
        options.clusters ?? ClusterConnector.fromConfig(config, { logger }),
      catalog: options.catalog,
      auth: options.auth,
      owner: providerConfig.owner,
      logger,
      taskRunner,
      configuredLocations: configuredLocationRefs(config),
    });
  }

  private constructor(options: {
    connector: DirectoryClustersService;
    catalog: CatalogService;
    auth: AuthService;
    owner: string;
    logger: LoggerService;
    taskRunner: SchedulerServiceTaskRunner;
    configuredLocations: string[];
  }) {
    this.#configuredLocations = options.configuredLocations;
    this.#connector = options.connector;
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#owner = options.owner;
    this.#logger = options.logger;
    this.#taskRunner = options.taskRunner;
  }

  getProviderName(): string {
    return 'DirectoryInstanceEntityProvider';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    const id = `${this.getProviderName()}:refresh`;
    await this.#taskRunner.run({
      id,
      fn: async signal => {
        const logger = this.#logger.child({
          taskId: id,
          taskInstanceId: randomUUID(),
        });
        try {
          await this.refresh(logger, signal);
        } catch (error) {
          logger.error(
            `Directory instance discovery failed: ${redactedExcerpt(
              toError(error).message,
            )}`,
          );
        }
      },
    });
  }

  /** Scans every cluster once and replaces the provider's entities. */
  async refresh(logger: LoggerService, signal?: AbortSignal): Promise<void> {
    if (!this.#connection) {
      throw new Error('DirectoryInstanceEntityProvider is not connected yet');
    }
    if (!this.#locationsRead) {
      await this.#waitForLocations(logger, signal);
      this.#locationsRead = true;
    }
    const registered = await this.#registeredInstances();
    const perCluster = await Promise.all(
      this.#connector.listClusters().map(async ({ name }) => {
        try {
          const apis = await this.#connector.connect(name, { signal });
          const instances = await discoverDirectoryInstances(
            name,
            apis,
            logger,
          );
          const entities = instances.map(i => this.#toDeferredEntity(i));
          this.#lastByCluster.set(name, entities);
          logger.info(
            `Found ${instances.length} Directory instance(s) in cluster ${name}`,
          );
          return entities;
        } catch (error) {
          // A remote error body can be megabytes and quote credentials.
          logger.error(
            `Could not scan cluster ${name} for Directory instances; keeping its previous entities: ${redactedExcerpt(
              toError(error).message,
            )}`,
          );
          return (
            this.#lastByCluster.get(name) ?? (await this.#emittedFor(name))
          );
        }
      }),
    );
    const entities = perCluster.flat().filter(({ entity }) => {
      const a = entity.metadata.annotations ?? {};
      const key = instanceKey(
        a[ANNOTATION_KUBERNETES_CLUSTER],
        a[ANNOTATION_NAMESPACE],
        a[ANNOTATION_RELEASE],
      );
      const shadowed =
        registered.keys.has(key) ||
        registered.trustDomains.has(a[ANNOTATION_TRUST_DOMAIN]);
      if (shadowed) {
        logger.debug(
          `Skipping discovered Directory instance ${key}: it is registered in the catalog`,
        );
      }
      return !shadowed;
    });
    await this.#connection.applyMutation({ type: 'full', entities });
  }

  /**
   * Waits until the catalog has read every location (bounded by
   * {@link LOCATIONS_WAIT_MS}). On an empty database the catalog starts with
   * nothing, and an instance registered in a location file would otherwise
   * be discovered as well, before its file is read.
   */
  async #waitForLocations(
    logger: LoggerService,
    signal?: AbortSignal,
  ): Promise<void> {
    const deadline = Date.now() + LOCATIONS_WAIT_MS;
    for (;;) {
      const unread = await unreadLocations(
        this.#catalog,
        this.#auth,
        this.#configuredLocations,
      );
      if (unread.length === 0) {
        return;
      }
      if (Date.now() >= deadline || signal?.aborted) {
        logger.warn(
          `Discovering Directory instances before the catalog read ${unread.length} location(s), such as ${unread[0]}; an instance registered there may show twice until the next run`,
        );
        return;
      }
      await new Promise(resolve => setTimeout(resolve, LOCATIONS_POLL_MS));
    }
  }

  /** Directory instances in the catalog that this provider does not manage. */
  async #registeredInstances() {
    const { items } = await this.#catalog.getEntities(
      { filter: { kind: 'Resource', 'spec.type': DIRECTORY_ENTITY_TYPE } },
      { credentials: await this.#auth.getOwnServiceCredentials() },
    );
    const keys = new Set<string>();
    const trustDomains = new Set<string>();
    for (const entity of items) {
      const a = entity.metadata.annotations ?? {};
      if (a[ANNOTATION_ORIGIN_LOCATION]?.startsWith(LOCATION_PREFIX)) {
        continue;
      }
      keys.add(
        instanceKey(
          a[ANNOTATION_KUBERNETES_CLUSTER],
          a[ANNOTATION_NAMESPACE],
          a[ANNOTATION_RELEASE],
        ),
      );
      if (a[ANNOTATION_TRUST_DOMAIN]) {
        trustDomains.add(a[ANNOTATION_TRUST_DOMAIN]);
      }
    }
    return { keys, trustDomains };
  }

  /** The entities this provider emitted for a cluster, read back from the catalog. */
  async #emittedFor(cluster: string): Promise<DeferredEntity[]> {
    const location = `${LOCATION_PREFIX}${cluster}`;
    const { items } = await this.#catalog.getEntities(
      { filter: { kind: 'Resource', 'spec.type': DIRECTORY_ENTITY_TYPE } },
      { credentials: await this.#auth.getOwnServiceCredentials() },
    );
    return items
      .filter(
        e => e.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION] === location,
      )
      .map(({ apiVersion, kind, metadata, spec }) => {
        const { uid: _uid, etag: _etag, ...rest } = metadata;
        return {
          entity: { apiVersion, kind, metadata: rest, spec },
          locationKey: location,
        };
      });
  }

  #toDeferredEntity(instance: DiscoveredInstance): DeferredEntity {
    const location = `${LOCATION_PREFIX}${instance.cluster}`;
    const entity = toDirectoryInstanceEntity(instance, {
      name: toEntityName(`${instance.release}-${instance.cluster}`),
      // Short enough for one line in the catalog table; where it runs is in the description.
      title: `Directory ${instance.trustDomain}`,
      description: `AGNTCY Directory release ${instance.release} discovered in cluster ${instance.cluster}, namespace ${instance.namespace}.`,
      owner: this.#owner,
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
      dependsOn: [`resource:default/${toEntityName(instance.cluster)}`],
    });
    return { entity, locationKey: location };
  }
}
