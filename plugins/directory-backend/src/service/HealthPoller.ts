import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  ClusterApis,
  ClusterConnectOptions,
  DirectoryCheck,
  DirectoryCheckContext,
  DirectoryClusterReader,
  DirectoryDnsReader,
} from '@directory-ops/plugin-directory-node';
import {
  CheckResult,
  DIRECTORY_ENTITY_TYPE,
  DirectoryInstance,
  readDirectoryInstance,
  redactedExcerpt,
  redactValue,
  worstStatus,
} from '@directory-ops/plugin-directory-common';
import { BUILT_IN_CHECKS } from '../checks';
import { ClusterSnapshot } from '../cluster/ClusterSnapshot';
import {
  ClusterTimeoutError,
  describeClusterFailure,
} from '../cluster/clusterFailures';
import { BatchedLogStates } from '../cluster/BatchedLogStates';
import {
  ContainerLogStateStore,
  SvidLogTracker,
} from '../cluster/SvidLogTracker';
import { DirectoryBackendConfig } from '../config';
import { HealthStore, StoredHealth } from '../database/HealthStore';
import { ConcurrencyLimit } from './ConcurrencyLimit';
import { HealthListener } from './HealthListener';
import { TlsProbe } from '../probe/TlsProbe';
import { NamespaceAllowList } from './namespaceAllowList';

/** The part of `ClusterConnector` the poller uses. */
export interface ClusterConnection {
  connect(
    clusterName: string,
    options?: ClusterConnectOptions,
  ): Promise<ClusterApis>;
}

/** Options of {@link HealthPoller}. */
export interface HealthPollerOptions {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  connector: ClusterConnection;
  store: HealthStore;
  settings: DirectoryBackendConfig;
  /** Route53 records, for the `dns` check. */
  route53: DirectoryDnsReader;
  /** PEM roots that make a certificate "publicly trusted"; default `tls.rootCertificates`. */
  publicTrustStore: readonly string[];
  /** The checks, in order; by default the built-in ones. */
  checks?: readonly DirectoryCheck[];
  /** Told of every stored result, with the one it replaces (notifications, signals). */
  listeners?: readonly HealthListener[];
}

/** How long the poll tasks of one cycle share a catalog read. */
const ENTITY_LIST_REUSE_MS = 10_000;

/** Runs `fn` over the items with at most `limit` at a time. */
async function mapWithConcurrency<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/**
 * Polls the health of every Directory instance in the catalog and stores the
 * results. Clusters are polled side by side, each within its own timeout and
 * with a bounded number of instances at a time, so a slow or failing cluster
 * only affects its own instances.
 */
export class HealthPoller {
  readonly #options: HealthPollerOptions;
  readonly #svidLogs: SvidLogTracker;
  readonly #namespaces: NamespaceAllowList;
  #instances?: { at: number; instances: Promise<DirectoryInstance[]> };
  readonly #checks: readonly DirectoryCheck[];
  readonly #tls: TlsProbe;
  /** The polls' checks in flight over all clusters. */
  readonly #inFlight: ConcurrencyLimit;

  constructor(options: HealthPollerOptions) {
    this.#options = options;
    this.#svidLogs = new SvidLogTracker({
      limitBytes: options.settings.svidLogLimitBytes,
      states: options.store,
    });
    this.#checks = options.checks ?? BUILT_IN_CHECKS;
    this.#tls = new TlsProbe(options.settings.probe, options.publicTrustStore);
    this.#inFlight = new ConcurrencyLimit(options.settings.totalConcurrency);
    this.#namespaces = new NamespaceAllowList(
      options.settings.allowedNamespaces,
    );
  }

  /**
   * The Directory instance entities of the catalog, as `credentials` (by
   * default the plugin's own) may see them.
   */
  async listInstanceEntities(
    credentials?: BackstageCredentials,
  ): Promise<Entity[]> {
    const { items } = await this.#options.catalog.getEntities(
      { filter: { kind: 'Resource', 'spec.type': DIRECTORY_ENTITY_TYPE } },
      {
        credentials:
          credentials ?? (await this.#options.auth.getOwnServiceCredentials()),
      },
    );
    return items;
  }

  /**
   * Polls every instance once (or those on the clusters `onCluster` accepts)
   * and stores the results; `signal` ends the poll early.
   */
  async pollAll(
    signal?: AbortSignal,
    onCluster?: (cluster: string) => boolean,
  ): Promise<void> {
    const { logger } = this.#options;
    // The tasks of a cycle share a catalog read; a plain poll reads afresh.
    const instances = onCluster
      ? (await this.#cycleInstances()).filter(i => onCluster(i.cluster))
      : await this.#readInstances();
    const byCluster = new Map<string, DirectoryInstance[]>();
    for (const instance of instances) {
      const onItsCluster = byCluster.get(instance.cluster);
      if (onItsCluster) {
        onItsCluster.push(instance);
      } else {
        byCluster.set(instance.cluster, [instance]);
      }
    }
    const started = Date.now();
    await Promise.all(
      [...byCluster].map(async ([cluster, clusterInstances]) => {
        const results = await this.#pollCluster(
          cluster,
          clusterInstances,
          signal,
          this.#inFlight,
        );
        await this.#record(results, 'poll');
      }),
    );
    logger.info(
      `Polled ${instances.length} Directory instance(s) on ${
        byCluster.size
      } cluster(s) in ${Date.now() - started} ms`,
    );
  }

  /**
   * The instances for a poll. The tasks of one cycle (one per cluster) start
   * together, so they share one catalog read; an entity that is not a valid
   * instance is logged once per read.
   */
  #cycleInstances(): Promise<DirectoryInstance[]> {
    const now = Date.now();
    if (!this.#instances || now - this.#instances.at > ENTITY_LIST_REUSE_MS) {
      const instances = this.#readInstances();
      instances.catch(() => undefined);
      this.#instances = { at: now, instances };
    }
    return this.#instances.instances;
  }

  async #readInstances(): Promise<DirectoryInstance[]> {
    const instances: DirectoryInstance[] = [];
    for (const entity of await this.listInstanceEntities()) {
      const read = readDirectoryInstance(entity);
      if (read.ok) {
        instances.push(read.instance);
      } else {
        this.#options.logger.warn(
          `Skipping Directory instance ${stringifyEntityRef(entity)}: ${[
            ...read.missing.map(a => `missing annotation ${a}`),
            ...read.invalid.map(i => `annotation ${i.annotation} ${i.problem}`),
          ].join('; ')}`,
        );
      }
    }
    return instances;
  }

  /** Checks one instance now, stores and returns the result. */
  async pollInstance(instance: DirectoryInstance): Promise<StoredHealth> {
    const [result] = await this.#pollCluster(instance.cluster, [instance]);
    await this.#record([result], 'refresh');
    return result;
  }

  /**
   * Stores the results of a poll together, then tells the listeners of each;
   * a failing listener is logged.
   */
  async #record(
    results: readonly StoredHealth[],
    trigger: 'poll' | 'refresh',
  ): Promise<void> {
    const { store, listeners = [], logger } = this.#options;
    const previous =
      listeners.length > 0
        ? await store.latestOf(results.map(r => r.entityRef))
        : new Map<string, StoredHealth>();
    await store.addAll(results);
    for (const current of results) {
      for (const listener of listeners) {
        try {
          await listener({
            previous: previous.get(current.entityRef),
            current,
            trigger,
          });
        } catch (error) {
          logger.error(
            `A health listener failed for ${current.entityRef}`,
            error instanceof Error ? error : undefined,
          );
        }
      }
    }
  }

  /**
   * Checks instances of one cluster; `limit` (polls, not refreshes) bounds
   * the checks in flight over all clusters.
   */
  async #pollCluster(
    cluster: string,
    instances: DirectoryInstance[],
    taskSignal?: AbortSignal,
    limit?: ConcurrencyLimit,
  ): Promise<StoredHealth[]> {
    const { settings, connector } = this.#options;
    const timeoutMs = settings.clusterTimeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(
          ClusterTimeoutError.afterClusterTimeout(cluster, timeoutMs),
        ),
      timeoutMs,
    );
    const endWithTask = () =>
      controller.abort(ClusterTimeoutError.afterTaskAbort(cluster));
    if (taskSignal?.aborted) {
      endWithTask();
    }
    taskSignal?.addEventListener('abort', endWithTask);
    const deadline = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () =>
        reject(controller.signal.reason),
      );
    });
    deadline.catch(() => undefined);
    // A poll of many instances reads and writes the SVID log positions of
    // the cluster once; a refresh of one reads and writes its own.
    const batch =
      instances.length > 1
        ? new BatchedLogStates(this.#options.store, `${cluster}/`)
        : undefined;
    const logStates: ContainerLogStateStore = batch ?? this.#options.store;
    const snapshots = new Map<string, ClusterSnapshot>();
    const clusterNamed = (name: string): ClusterSnapshot => {
      let snapshot = snapshots.get(name);
      if (!snapshot) {
        snapshot = new ClusterSnapshot(
          name,
          () =>
            connector.connect(name, { timeoutMs, signal: controller.signal }),
          // A poll of many instances lists each kind once per cluster.
          { clusterWide: instances.length > 1 },
        );
        snapshots.set(name, snapshot);
      }
      return snapshot;
    };
    try {
      const check = (instance: DirectoryInstance) =>
        this.#checkInstance(
          instance,
          clusterNamed(cluster),
          clusterNamed,
          deadline,
          controller.signal,
          logStates,
        );
      return await mapWithConcurrency(
        instances,
        settings.concurrency,
        instance =>
          limit ? limit.run(() => check(instance)) : check(instance),
      );
    } finally {
      await batch
        ?.flush()
        .catch(error =>
          this.#options.logger.error(
            `Could not save the SVID log positions of cluster ${cluster}`,
            error instanceof Error ? error : undefined,
          ),
        );
      clearTimeout(timer);
      taskSignal?.removeEventListener('abort', endWithTask);
    }
  }

  async #checkInstance(
    instance: DirectoryInstance,
    cluster: DirectoryClusterReader,
    otherCluster: (name: string) => DirectoryClusterReader,
    deadline: Promise<never>,
    signal: AbortSignal,
    logStates: ContainerLogStateStore,
  ): Promise<StoredHealth> {
    const { logger, route53 } = this.#options;
    const now = new Date();
    const observedAt = now.toISOString();
    const context: DirectoryCheckContext = {
      instance,
      now,
      signal,
      cluster,
      otherCluster,
      svidLogs: this.#svidLogs.readerFor(cluster, now, logStates),
      tls: this.#tls,
      dns: route53,
    };
    const outside = [instance.namespace, instance.adminNamespace].find(
      namespace =>
        namespace !== undefined && !this.#namespaces.allows(namespace),
    );
    if (outside !== undefined) {
      // The entity's author chose the namespace: read nothing outside the
      // allowed ones.
      const checks: CheckResult[] = this.#checks.map(({ id, title }) => ({
        id,
        title,
        status: 'unknown',
        summary: `Not checked: namespace ${outside} is outside directory.namespaces.allowed`,
        remediation:
          'Deploy the instance to an allowed namespace, or have the Backstage operators add the namespace to directory.namespaces.allowed.',
        observedAt,
      }));
      return {
        entityRef: instance.entityRef,
        status: 'unknown',
        checkedAt: observedAt,
        checks,
      };
    }
    const outcomes = await Promise.all(
      this.#checks.map(async (check): Promise<CheckResult | undefined> => {
        const { id, title } = check;
        try {
          const outcome = await Promise.race([check.run(context), deadline]);
          return outcome && { ...outcome, id, title, observedAt };
        } catch (error) {
          const reason = describeClusterFailure(error, cluster.name);
          // The reason and the stack are redacted excerpts: a cluster's
          // error can quote megabytes and credentials.
          logger.warn(
            `Directory check '${id}' failed for ${instance.entityRef}: ${reason}`,
            {
              error: redactedExcerpt(
                error instanceof Error
                  ? error.stack ?? error.message
                  : String(error),
                1_000,
              ),
            },
          );
          return {
            id,
            title,
            status: 'unknown',
            summary: `Could not tell, the check failed: ${reason}`,
            observedAt,
          };
        }
      }),
    );
    // Nothing credential-like is stored or served, whatever a check quoted.
    const checks = redactValue(
      outcomes.filter((c): c is CheckResult => c !== undefined),
    );
    return {
      entityRef: instance.entityRef,
      status: worstStatus(checks.map(c => c.status)),
      checkedAt: new Date().toISOString(),
      checks,
    };
  }
}
