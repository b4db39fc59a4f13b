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
 * The kinds a snapshot lists: where their collections are served and the
 * client-node model of their lists.
 */
const LISTED_KINDS = {
  Pod: { api: '/api/v1', plural: 'pods', model: 'V1PodList' },
  PersistentVolumeClaim: {
    api: '/api/v1',
    plural: 'persistentvolumeclaims',
    model: 'V1PersistentVolumeClaimList',
  },
  Service: { api: '/api/v1', plural: 'services', model: 'V1ServiceList' },
  ConfigMap: { api: '/api/v1', plural: 'configmaps', model: 'V1ConfigMapList' },
  Deployment: {
    api: '/apis/apps/v1',
    plural: 'deployments',
    model: 'V1DeploymentList',
  },
  CronJob: { api: '/apis/batch/v1', plural: 'cronjobs', model: 'V1CronJobList' },
  Job: { api: '/apis/batch/v1', plural: 'jobs', model: 'V1JobList' },
  Ingress: {
    api: '/apis/networking.k8s.io/v1',
    plural: 'ingresses',
    model: 'V1IngressList',
  },
  StorageClass: {
    api: '/apis/storage.k8s.io/v1',
    plural: 'storageclasses',
    model: 'V1StorageClassList',
  },
} as const;

/** Every page of a list of `kind`, in one namespace or in the whole cluster. */
function listKind<T>(
  apis: ClusterApis,
  kind: keyof typeof LISTED_KINDS,
  scope: { namespace?: string; labelSelector?: string } = {},
): Promise<T[]> {
  const { api, plural, model } = LISTED_KINDS[kind];
  const path = scope.namespace
    ? `${api}/namespaces/${encodeURIComponent(scope.namespace)}/${plural}`
    : `${api}/${plural}`;
  return listAllPages(kind, page =>
    apis.lists.page<T>({
      path,
      model,
      labelSelector: scope.labelSelector,
      ...page,
    }),
  );
}

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
      apis => listKind(apis, 'Pod', { labelSelector }),
      apis => listKind(apis, 'Pod', { namespace, labelSelector }),
    );
  }

  /** All PVCs of a namespace. */
  persistentVolumeClaims(
    namespace: string,
  ): Promise<V1PersistentVolumeClaim[]> {
    return this.#inNamespace(
      'pvcs',
      namespace,
      apis => listKind(apis, 'PersistentVolumeClaim'),
      apis => listKind(apis, 'PersistentVolumeClaim', { namespace }),
    );
  }

  /** The CronJobs of a namespace with a label selector. */
  cronJobs(namespace: string, labelSelector: string): Promise<V1CronJob[]> {
    return this.#inNamespace(
      `cronjobs[${labelSelector}]`,
      namespace,
      apis => listKind(apis, 'CronJob', { labelSelector }),
      apis => listKind(apis, 'CronJob', { namespace, labelSelector }),
    );
  }

  /** All Jobs of a namespace. */
  jobs(namespace: string): Promise<V1Job[]> {
    return this.#inNamespace(
      'jobs',
      namespace,
      apis => listKind(apis, 'Job'),
      apis => listKind(apis, 'Job', { namespace }),
    );
  }

  /** All Ingresses of a namespace. */
  ingresses(namespace: string): Promise<V1Ingress[]> {
    return this.#inNamespace(
      'ingresses',
      namespace,
      apis => listKind(apis, 'Ingress'),
      apis => listKind(apis, 'Ingress', { namespace }),
    );
  }

  /** All Services of a namespace. */
  services(namespace: string): Promise<V1Service[]> {
    return this.#inNamespace(
      'services',
      namespace,
      apis => listKind(apis, 'Service'),
      apis => listKind(apis, 'Service', { namespace }),
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
        listKind(apis, 'Deployment', { labelSelector: APISERVER_SELECTOR }),
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
        listKind(apis, 'ConfigMap', { labelSelector: APISERVER_SELECTOR }),
      apis => apis.core.readNamespacedConfigMap({ namespace, name }),
    );
  }

  /** A StorageClass, or undefined if there is none of that name. */
  async storageClass(name: string): Promise<V1StorageClass | undefined> {
    if (this.#clusterWide) {
      const all = await this.#once('storageclasses/*', apis =>
        listKind<V1StorageClass>(apis, 'StorageClass'),
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
