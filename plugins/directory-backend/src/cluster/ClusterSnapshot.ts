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
import {
  customObjectPage,
  isNotFound,
  listAllPages,
} from '@directory-ops/plugin-directory-node';

/**
 * The pods checks look at: the Directory apiserver and the SPIRE server
 * (chart label `app.kubernetes.io/name`).
 */
export const CHECKED_PODS_SELECTOR =
  'app.kubernetes.io/name in (apiserver,server)';
/** The Deployments and ConfigMaps of the Directory apiserver. */
const APISERVER_SELECTOR = 'app.kubernetes.io/name=apiserver';

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
    return (await this.#byNamespace(kind, all)).get(namespace) ?? [];
  }

  /** A cluster-wide list, listed once and indexed by namespace. */
  #byNamespace<T extends { metadata?: { namespace?: string } }>(
    kind: string,
    all: (apis: ClusterApis) => Promise<T[]>,
  ): Promise<Map<string, T[]>> {
    return this.#once(`${kind}/*`, async apis => {
      const index = new Map<string, T[]>();
      for (const item of await all(apis)) {
        const namespace = item.metadata?.namespace ?? '';
        const inNamespace = index.get(namespace);
        if (inNamespace) {
          inNamespace.push(item);
        } else {
          index.set(namespace, [item]);
        }
      }
      return index;
    });
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
      const found = (await this.#byNamespace(kind, all))
        .get(namespace)
        ?.find(item => item.metadata?.name === name);
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
        listAllPages('pod', page =>
          apis.core.listPodForAllNamespaces({ labelSelector, ...page }),
        ),
      apis =>
        listAllPages('pod', page =>
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
        listAllPages('PersistentVolumeClaim', page =>
          apis.core.listPersistentVolumeClaimForAllNamespaces(page),
        ),
      apis =>
        listAllPages('PersistentVolumeClaim', page =>
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
        listAllPages('CronJob', page =>
          apis.batch.listCronJobForAllNamespaces({ labelSelector, ...page }),
        ),
      apis =>
        listAllPages('CronJob', page =>
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
        listAllPages('Job', page => apis.batch.listJobForAllNamespaces(page)),
      apis =>
        listAllPages('Job', page =>
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
        listAllPages('Ingress', page =>
          apis.networking.listIngressForAllNamespaces(page),
        ),
      apis =>
        listAllPages('Ingress', page =>
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
        listAllPages('Service', page =>
          apis.core.listServiceForAllNamespaces(page),
        ),
      apis =>
        listAllPages('Service', page =>
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
        listAllPages('Deployment', page =>
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
        listAllPages('ConfigMap', page =>
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
        listAllPages('StorageClass', page =>
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
        listAllPages(`${plural}.${group}`, async page =>
          customObjectPage(
            await (namespace
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
                })),
          ),
        ),
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
