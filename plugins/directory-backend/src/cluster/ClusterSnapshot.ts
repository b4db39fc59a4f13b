import type {
  V1ConfigMap,
  V1CronJob,
  V1Deployment,
  V1Ingress,
  V1Job,
  V1PersistentVolumeClaim,
  V1Pod,
  V1Service,
  V1StorageClass,
} from '@kubernetes/client-node';
import type {
  ClusterApis,
  CustomObjectListRequest,
  DirectoryClusterReader,
  PodLogRequest,
} from '@directory-ops/plugin-directory-node';
import { isNotFound } from '@directory-ops/plugin-directory-node';

/**
 * Items asked for per page of a list call. A page past the response byte
 * limit (objects larger than about 5 KB, such as pods with
 * `managedFields`) is asked for again with half as many.
 */
export const LIST_PAGE_SIZE = 100;
/** The most pages one list may take; a longer list is refused. */
export const MAX_LIST_PAGES = 500;

/**
 * The pods checks look at: the Directory apiserver and the SPIRE server
 * (chart label `app.kubernetes.io/name`).
 */
export const CHECKED_PODS_SELECTOR =
  'app.kubernetes.io/name in (apiserver,server)';
/** The Deployments and ConfigMaps of the Directory apiserver. */
const APISERVER_SELECTOR = 'app.kubernetes.io/name=apiserver';

/** One page of a Kubernetes list answer. */
interface ListPage<T> {
  items: T[];
  metadata?: { _continue?: string };
}

/** A list that carried more pages than {@link MAX_LIST_PAGES}. */
export class ListTooLongError extends Error {
  constructor(what: string, items: number) {
    super(`response too large: the ${what} list has more than ${items} items`);
    this.name = 'ListTooLongError';
  }
}

/** The answer was past the response byte limit and was not read further. */
function isResponseTooLarge(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResponseTooLargeError';
}

/** Options of {@link ClusterSnapshot}. */
export interface ClusterSnapshotOptions {
  /**
   * List each kind once for the whole cluster (label-selected where the
   * checks allow it) and answer every namespace from it, instead of one list
   * per namespace: a poll of many instances then costs a handful of requests
   * per cluster. A refresh of one instance lists per namespace.
   */
  clusterWide?: boolean;
}

/**
 * One cluster as seen by one poll. Each list or read is made at most once
 * and shared by every check of every instance in the poll; lists are paged.
 * In a cluster-wide snapshot, a kind is listed once for the whole cluster,
 * so the cost of a poll grows with clusters, not instances.
 */
export class ClusterSnapshot implements DirectoryClusterReader {
  readonly name: string;
  readonly #apis: () => Promise<ClusterApis>;
  readonly #memo = new Map<string, Promise<unknown>>();
  readonly #clusterWide: boolean;

  /** `connect` is called once, on the first request. */
  constructor(
    name: string,
    connect: () => Promise<ClusterApis>,
    options: ClusterSnapshotOptions = {},
  ) {
    this.name = name;
    this.#clusterWide = options.clusterWide ?? false;
    let connection: Promise<ClusterApis> | undefined;
    this.#apis = () => {
      connection ??= connect();
      return connection;
    };
  }

  #once<T>(key: string, load: (apis: ClusterApis) => Promise<T>): Promise<T> {
    let value = this.#memo.get(key) as Promise<T> | undefined;
    if (!value) {
      value = this.#apis().then(load);
      // A rejection is handled by whoever awaits the shared promise.
      value.catch(() => undefined);
      this.#memo.set(key, value);
    }
    return value;
  }

  async #orUndefined<T>(read: Promise<T>): Promise<T | undefined> {
    try {
      return await read;
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Every page of a list, {@link LIST_PAGE_SIZE} items at a time, or half as
   * many (down to one) while a page is past the response byte limit.
   */
  async #paged<T>(
    what: string,
    page: (request: {
      limit: number;
      _continue?: string;
    }) => Promise<ListPage<T>>,
  ): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined;
    let limit = LIST_PAGE_SIZE;
    for (let pages = 0; pages < MAX_LIST_PAGES; ) {
      let answer: ListPage<T>;
      try {
        answer = await page({ limit, _continue: next });
      } catch (error) {
        if (limit > 1 && isResponseTooLarge(error)) {
          limit = Math.ceil(limit / 2);
          continue;
        }
        throw error;
      }
      pages++;
      items.push(...answer.items);
      next = answer.metadata?._continue;
      if (!next) {
        return items;
      }
    }
    throw new ListTooLongError(what, items.length);
  }

  /**
   * The objects of one namespace: from a cluster-wide list shared by every
   * namespace, or from a list of that namespace.
   */
  async #inNamespace<T extends { metadata?: { namespace?: string } }>(
    kind: string,
    namespace: string,
    all: (apis: ClusterApis) => Promise<T[]>,
    one: (apis: ClusterApis) => Promise<T[]>,
  ): Promise<T[]> {
    if (!this.#clusterWide) {
      return this.#once(`${kind}/${namespace}`, one);
    }
    const items = await this.#once(`${kind}/*`, all);
    return items.filter(item => item.metadata?.namespace === namespace);
  }

  /** A named object, from a label-selected cluster-wide list when it is there. */
  async #named<T extends { metadata?: { namespace?: string; name?: string } }>(
    kind: string,
    namespace: string,
    name: string,
    all: (apis: ClusterApis) => Promise<T[]>,
    read: (apis: ClusterApis) => Promise<T>,
  ): Promise<T | undefined> {
    if (this.#clusterWide) {
      const found = (await this.#once(`${kind}/*`, all)).find(
        item =>
          item.metadata?.namespace === namespace &&
          item.metadata?.name === name,
      );
      if (found) {
        return found;
      }
    }
    return this.#once(`${kind}/${namespace}/${name}`, apis =>
      this.#orUndefined(read(apis)),
    );
  }

  /**
   * The pods of a namespace that checks look at: those of the Directory
   * apiserver and the SPIRE server ({@link CHECKED_PODS_SELECTOR}).
   */
  pods(namespace: string): Promise<V1Pod[]> {
    const labelSelector = CHECKED_PODS_SELECTOR;
    return this.#inNamespace(
      'pods',
      namespace,
      apis =>
        this.#paged('pod', page =>
          apis.core.listPodForAllNamespaces({ labelSelector, ...page }),
        ),
      apis =>
        this.#paged('pod', page =>
          apis.core.listNamespacedPod({ namespace, labelSelector, ...page }),
        ),
    );
  }

  /** All PVCs of a namespace. */
  persistentVolumeClaims(
    namespace: string,
  ): Promise<V1PersistentVolumeClaim[]> {
    return this.#inNamespace(
      'pvcs',
      namespace,
      apis =>
        this.#paged('PersistentVolumeClaim', page =>
          apis.core.listPersistentVolumeClaimForAllNamespaces(page),
        ),
      apis =>
        this.#paged('PersistentVolumeClaim', page =>
          apis.core.listNamespacedPersistentVolumeClaim({ namespace, ...page }),
        ),
    );
  }

  /** The CronJobs of a namespace with a label selector. */
  cronJobs(namespace: string, labelSelector: string): Promise<V1CronJob[]> {
    return this.#inNamespace(
      `cronjobs[${labelSelector}]`,
      namespace,
      apis =>
        this.#paged('CronJob', page =>
          apis.batch.listCronJobForAllNamespaces({ labelSelector, ...page }),
        ),
      apis =>
        this.#paged('CronJob', page =>
          apis.batch.listNamespacedCronJob({
            namespace,
            labelSelector,
            ...page,
          }),
        ),
    );
  }

  /** All Jobs of a namespace. */
  jobs(namespace: string): Promise<V1Job[]> {
    return this.#inNamespace(
      'jobs',
      namespace,
      apis =>
        this.#paged('Job', page => apis.batch.listJobForAllNamespaces(page)),
      apis =>
        this.#paged('Job', page =>
          apis.batch.listNamespacedJob({ namespace, ...page }),
        ),
    );
  }

  /** All Ingresses of a namespace. */
  ingresses(namespace: string): Promise<V1Ingress[]> {
    return this.#inNamespace(
      'ingresses',
      namespace,
      apis =>
        this.#paged('Ingress', page =>
          apis.networking.listIngressForAllNamespaces(page),
        ),
      apis =>
        this.#paged('Ingress', page =>
          apis.networking.listNamespacedIngress({ namespace, ...page }),
        ),
    );
  }

  /** All Services of a namespace. */
  services(namespace: string): Promise<V1Service[]> {
    return this.#inNamespace(
      'services',
      namespace,
      apis =>
        this.#paged('Service', page =>
          apis.core.listServiceForAllNamespaces(page),
        ),
      apis =>
        this.#paged('Service', page =>
          apis.core.listNamespacedService({ namespace, ...page }),
        ),
    );
  }

  /** A Deployment, or undefined if there is none of that name. */
  deployment(
    namespace: string,
    name: string,
  ): Promise<V1Deployment | undefined> {
    return this.#named(
      'deployments',
      namespace,
      name,
      apis =>
        this.#paged('Deployment', page =>
          apis.apps.listDeploymentForAllNamespaces({
            labelSelector: APISERVER_SELECTOR,
            ...page,
          }),
        ),
      apis => apis.apps.readNamespacedDeployment({ namespace, name }),
    );
  }

  /** A ConfigMap, or undefined if there is none of that name. */
  configMap(namespace: string, name: string): Promise<V1ConfigMap | undefined> {
    return this.#named(
      'configmaps',
      namespace,
      name,
      apis =>
        this.#paged('ConfigMap', page =>
          apis.core.listConfigMapForAllNamespaces({
            labelSelector: APISERVER_SELECTOR,
            ...page,
          }),
        ),
      apis => apis.core.readNamespacedConfigMap({ namespace, name }),
    );
  }

  /** A StorageClass, or undefined if there is none of that name. */
  async storageClass(name: string): Promise<V1StorageClass | undefined> {
    if (this.#clusterWide) {
      const all = await this.#once('storageclasses/*', apis =>
        this.#paged('StorageClass', page =>
          apis.storage.listStorageClass(page),
        ),
      );
      return all.find(item => item.metadata?.name === name);
    }
    return this.#once(`storageclass/${name}`, apis =>
      this.#orUndefined(apis.storage.readStorageClass({ name })),
    );
  }

  /** The objects of a custom resource, namespaced or cluster-scoped; paged. */
  customObjects(request: CustomObjectListRequest): Promise<unknown[]> {
    const { group, version, plural, namespace, labelSelector } = request;
    return this.#once(
      `custom/${group}/${version}/${plural}/${namespace ?? ''}/${
        labelSelector ?? ''
      }`,
      apis =>
        this.#paged(`${plural}.${group}`, async page => {
          const list = (await (namespace
            ? apis.custom.listNamespacedCustomObject({
                group,
                version,
                plural,
                namespace,
                labelSelector,
                ...page,
              })
            : apis.custom.listClusterCustomObject({
                group,
                version,
                plural,
                labelSelector,
                ...page,
              }))) as { items?: unknown[]; metadata?: { continue?: string } };
          // Untyped JSON: `continue` keeps its wire name.
          return {
            items: list.items ?? [],
            metadata: { _continue: list.metadata?.continue },
          };
        }),
    );
  }

  /** Reads a container log with timestamps (not shared: each read moves a cursor). */
  async readPodLog(request: PodLogRequest): Promise<string> {
    const apis = await this.#apis();
    return apis.core.readNamespacedPodLog({
      namespace: request.namespace,
      name: request.pod,
      container: request.container,
      sinceSeconds: request.sinceSeconds,
      limitBytes: request.limitBytes,
      timestamps: true,
    });
  }
}
