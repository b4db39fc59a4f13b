import { readFile } from 'node:fs/promises';
import tls from 'node:tls';
import { Agent, buildConnector, Dispatcher } from 'undici';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import type {
  ApiextensionsV1Api,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  NetworkingV1Api,
  SecurityAuthentication,
  StorageV1Api,
  VersionApi,
} from '@kubernetes/client-node';
import {
  configuredServiceAccountToken,
  DirectoryCluster,
  readDirectoryClusters,
} from './config';
import { ClusterLists, ModelShapedLists } from './ClusterLists';
import { Deadline } from './Deadline';
import { EksTokenFactory } from './EksTokenFactory';
import { ModelShapes } from './ModelShapes';
import {
  boundedHttpLibrary,
  DEFAULT_MAX_RESPONSE_BYTES,
} from './responseLimits';

/** Where a pod finds its own service account token (in-cluster Backstage). */
const IN_CLUSTER_TOKEN_PATH =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * The cluster's credential as a bearer token, sent through the cluster's own
 * dispatcher. (A kubeconfig's authentication would decode the CA and build
 * a dispatcher for every request, only for it to be replaced.)
 */
function bearerToken(
  token: string,
  dispatcher: Dispatcher,
): SecurityAuthentication {
  const authorization = `Bearer ${token}`;
  return {
    getName: () => 'BearerToken',
    async applySecurityAuthentication(context) {
      context.setHeaderParam('Authorization', authorization);
      context.setDispatcher(dispatcher);
    },
  };
}

/**
 * The most connections open to one cluster's API at a time; more requests
 * wait for one of them. client-go sends everything to a cluster over one
 * HTTP/2 connection; undici speaks HTTP/1.1, one request per connection at a
 * time, and opened a connection for each request of a poll's first burst
 * (the cluster-wide lists and the first instances' log reads), about 11 per
 * cluster and poll. Each costs a TLS handshake on the main thread (and on
 * the API server); with 4, a 10,000-instance poll took about a sixth less
 * time and CPU in the bench, and a 1,000-instance poll no longer.
 */
const MAX_CONNECTIONS_PER_CLUSTER = 4;

/**
 * Default deadline of one Kubernetes API call.
 * @public
 */
export const DEFAULT_CLUSTER_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Typed Kubernetes API clients bound to one cluster and credential.
 * @public
 */
export interface ClusterApis {
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  networking: NetworkingV1Api;
  storage: StorageV1Api;
  custom: CustomObjectsApi;
  /** CustomResourceDefinitions: which APIs the cluster serves. */
  apiextensions: ApiextensionsV1Api;
  /** `GET /version`. */
  version: VersionApi;
  /** Pages of lists as plain objects in client-node's shapes: cheaper for large lists. */
  lists: ClusterLists;
}

/**
 * Options of {@link ClusterConnector.connect}.
 * @public
 */
export interface ClusterConnectOptions {
  /**
   * Deadline of making the credential (e.g. assuming an IAM role) and of
   * each API call made with the returned clients, in milliseconds (default {@link DEFAULT_CLUSTER_REQUEST_TIMEOUT_MS}). A call
   * past it rejects with an error for which {@link isClusterTimeout} is true.
   */
  timeoutMs?: number;
  /** Aborts every call made with the returned clients, e.g. a task's signal. */
  signal?: AbortSignal;
  /**
   * The most bytes of one response, enforced while reading (default
   * {@link DEFAULT_MAX_RESPONSE_BYTES}); past them the call rejects with a
   * `ResponseTooLargeError`. Pod log reads are cut at their own
   * `limitBytes` instead, whatever the server sends.
   */
  maxResponseBytes?: number;
}

/**
 * Whether an error from a {@link ClusterApis} call means the call ran out of
 * time (its deadline passed before the cluster answered).
 * @public
 */
export function isClusterTimeout(error: unknown): boolean {
  // A DOMException from AbortSignal.timeout; not always `instanceof Error`.
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'TimeoutError'
  );
}

/**
 * Connects to the clusters configured for the Backstage Kubernetes plugin,
 * with `serviceAccount` (configured or in-cluster token) or `aws` (EKS token)
 * authentication.
 *
 * @public
 */
export class ClusterConnector {
  readonly #clusters: Map<string, DirectoryCluster>;
  readonly #eksTokens: EksTokenFactory;
  readonly #dispatchers = new Map<string, Promise<Dispatcher>>();
  /** Made on the first connect, when client-node is loaded; shared. */
  #shapes?: ModelShapes;

  /** Reads `kubernetes.clusterLocatorMethods` and the `aws` section. */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService },
  ): ClusterConnector {
    return new ClusterConnector(
      readDirectoryClusters(config, { logger: options.logger }),
      EksTokenFactory.fromConfig(config),
    );
  }

  private constructor(
    clusters: DirectoryCluster[],
    eksTokens: EksTokenFactory,
  ) {
    this.#clusters = new Map(clusters.map(c => [c.name, c]));
    this.#eksTokens = eksTokens;
  }

  /** The configured clusters (without credentials). */
  listClusters(): DirectoryCluster[] {
    return [...this.#clusters.values()];
  }

  /**
   * Creates API clients for a cluster. The credential is made now, so
   * connect again for each poll rather than keeping the clients (EKS tokens
   * last 15 minutes).
   *
   * @throws NotFoundError for a cluster that is not configured, and an error
   * for an auth provider Directory Ops does not support.
   */
  async connect(
    clusterName: string,
    options: ClusterConnectOptions = {},
  ): Promise<ClusterApis> {
    const cluster = this.#clusters.get(clusterName);
    if (!cluster) {
      throw new NotFoundError(
        `Cluster '${clusterName}' is not configured in kubernetes.clusterLocatorMethods`,
      );
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_CLUSTER_REQUEST_TIMEOUT_MS;
    const token = await Deadline.race(
      this.#token(cluster),
      timeoutMs,
      options.signal,
    );
    const k8s = await import('@kubernetes/client-node');
    const server = new k8s.ServerConfiguration(cluster.url, {});
    const auth = bearerToken(token, await this.#dispatcher(cluster));
    const http = boundedHttpLibrary(k8s, {
      maxBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      timeoutMs,
      signal: options.signal,
    });
    const configuration = k8s.createConfiguration({
      baseServer: server,
      authMethods: { default: auth },
      httpApi: k8s.wrapHttpLibrary(http),
    });
    this.#shapes ??= new ModelShapes(k8s);
    return {
      core: new k8s.CoreV1Api(configuration),
      apps: new k8s.AppsV1Api(configuration),
      batch: new k8s.BatchV1Api(configuration),
      networking: new k8s.NetworkingV1Api(configuration),
      storage: new k8s.StorageV1Api(configuration),
      custom: new k8s.CustomObjectsApi(configuration),
      apiextensions: new k8s.ApiextensionsV1Api(configuration),
      version: new k8s.VersionApi(configuration),
      lists: new ModelShapedLists({
        k8s,
        server,
        auth,
        http,
        shapes: this.#shapes,
      }),
    };
  }

  /**
   * The cluster's dispatcher, made once: every poll's requests share its
   * kept-alive connections, and a new connection reuses one TLS context
   * instead of building one (and parsing the CA) per connection, and
   * resumes a TLS session of an earlier one.
   */
  #dispatcher(cluster: DirectoryCluster): Promise<Dispatcher> {
    let dispatcher = this.#dispatchers.get(cluster.name);
    if (!dispatcher) {
      dispatcher = (async () => {
        let ca: Buffer | undefined;
        if (cluster.caData) {
          ca = Buffer.from(cluster.caData, 'base64');
        } else if (cluster.caFile) {
          ca = await readFile(cluster.caFile);
        }
        // One connector for every connection pool the agent makes, so the TLS
        // sessions it caches outlive a pool (the agent drops an origin's pool
        // once its connections close, as they do between polls): the next
        // poll resumes them instead of verifying the certificate again.
        return new Agent({
          connections: MAX_CONNECTIONS_PER_CLUSTER,
          connect: buildConnector({
            secureContext: tls.createSecureContext(ca ? { ca } : {}),
            rejectUnauthorized: !cluster.skipTLSVerify,
            // As client-go: probes well within cloud load balancers' idle timeouts.
            keepAlive: true,
            keepAliveInitialDelay: 30_000,
          }),
        });
      })();
      // A CA file that cannot be read is retried on the next connect.
      dispatcher.catch(() => this.#dispatchers.delete(cluster.name));
      this.#dispatchers.set(cluster.name, dispatcher);
    }
    return dispatcher;
  }

  async #token(cluster: DirectoryCluster): Promise<string> {
    switch (cluster.authProvider) {
      case 'serviceAccount':
        return (
          configuredServiceAccountToken(cluster) ??
          (await this.#inClusterToken(cluster))
        );
      case 'aws':
        return this.#eksTokens.createToken(cluster);
      default:
        throw new Error(
          `Cluster '${cluster.name}' uses auth provider '${cluster.authProvider}', which is not supported by Directory Ops; use 'serviceAccount' or 'aws'`,
        );
    }
  }

  async #inClusterToken(cluster: DirectoryCluster): Promise<string> {
    try {
      return (await readFile(IN_CLUSTER_TOKEN_PATH, 'utf8')).trim();
    } catch {
      throw new Error(
        `Cluster '${cluster.name}' has no serviceAccountToken configured and Backstage is not running in a pod with a service account token`,
      );
    }
  }
}
