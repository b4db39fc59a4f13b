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
 * One cluster as seen by one poll. Each list or read is made at most once
 * per namespace (or name) and shared by every check of every instance in the
 * poll, so an instance costs a handful of API requests however many checks
 * use the same objects.
 */
export class ClusterSnapshot implements DirectoryClusterReader {
  readonly name: string;
  readonly #apis: () => Promise<ClusterApis>;
  readonly #memo = new Map<string, Promise<unknown>>();

  /** `connect` is called once, on the first request. */
  constructor(name: string, connect: () => Promise<ClusterApis>) {
    this.name = name;
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

  /** All pods of a namespace. */
  pods(namespace: string): Promise<V1Pod[]> {
    return this.#once(
      `pods/${namespace}`,
      async apis => (await apis.core.listNamespacedPod({ namespace })).items,
    );
  }

  /** All PVCs of a namespace. */
  persistentVolumeClaims(
    namespace: string,
  ): Promise<V1PersistentVolumeClaim[]> {
    return this.#once(
      `pvcs/${namespace}`,
      async apis =>
        (await apis.core.listNamespacedPersistentVolumeClaim({ namespace }))
          .items,
    );
  }

  /** The CronJobs of a namespace with a label selector. */
  cronJobs(namespace: string, labelSelector: string): Promise<V1CronJob[]> {
    return this.#once(
      `cronjobs/${namespace}/${labelSelector}`,
      async apis =>
        (await apis.batch.listNamespacedCronJob({ namespace, labelSelector }))
          .items,
    );
  }

  /** All Jobs of a namespace. */
  jobs(namespace: string): Promise<V1Job[]> {
    return this.#once(
      `jobs/${namespace}`,
      async apis => (await apis.batch.listNamespacedJob({ namespace })).items,
    );
  }

  /** All Ingresses of a namespace. */
  ingresses(namespace: string): Promise<V1Ingress[]> {
    return this.#once(
      `ingresses/${namespace}`,
      async apis =>
        (await apis.networking.listNamespacedIngress({ namespace })).items,
    );
  }

  /** All Services of a namespace. */
  services(namespace: string): Promise<V1Service[]> {
    return this.#once(
      `services/${namespace}`,
      async apis =>
        (await apis.core.listNamespacedService({ namespace })).items,
    );
  }

  /** A Deployment, or undefined if there is none of that name. */
  deployment(
    namespace: string,
    name: string,
  ): Promise<V1Deployment | undefined> {
    return this.#once(`deployment/${namespace}/${name}`, apis =>
      this.#orUndefined(
        apis.apps.readNamespacedDeployment({ namespace, name }),
      ),
    );
  }

  /** A ConfigMap, or undefined if there is none of that name. */
  configMap(namespace: string, name: string): Promise<V1ConfigMap | undefined> {
    return this.#once(`configmap/${namespace}/${name}`, apis =>
      this.#orUndefined(apis.core.readNamespacedConfigMap({ namespace, name })),
    );
  }

  /** A StorageClass, or undefined if there is none of that name. */
  storageClass(name: string): Promise<V1StorageClass | undefined> {
    return this.#once(`storageclass/${name}`, apis =>
      this.#orUndefined(apis.storage.readStorageClass({ name })),
    );
  }

  /** The objects of a custom resource, namespaced or cluster-scoped. */
  customObjects(request: CustomObjectListRequest): Promise<unknown[]> {
    const { group, version, plural, namespace, labelSelector } = request;
    return this.#once(
      `custom/${group}/${version}/${plural}/${namespace ?? ''}/${
        labelSelector ?? ''
      }`,
      async apis => {
        const list = (await (namespace
          ? apis.custom.listNamespacedCustomObject({
              group,
              version,
              plural,
              namespace,
              labelSelector,
            })
          : apis.custom.listClusterCustomObject({
              group,
              version,
              plural,
              labelSelector,
            }))) as { items?: unknown[] };
        return list.items ?? [];
      },
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
