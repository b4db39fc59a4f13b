import type { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Where the clusters are read from: the Kubernetes plugin's own config. */
const CLUSTER_LOCATOR_METHODS_KEY = 'kubernetes.clusterLocatorMethods';

const AUTH_PROVIDER_METADATA = 'kubernetes.io/auth-provider';
const AWS_CLUSTER_ID_METADATA = 'kubernetes.io/x-k8s-aws-id';
const AWS_ASSUME_ROLE_METADATA = 'kubernetes.io/aws-assume-role';
const AWS_EXTERNAL_ID_METADATA = 'kubernetes.io/aws-external-id';

/**
 * A Kubernetes cluster as configured for the Backstage Kubernetes plugin
 * (`kubernetes.clusterLocatorMethods[].clusters[]` of `type: config`).
 *
 * The service account token, when there is one, is kept out of this object:
 * it can be logged or serialised safely.
 *
 * @public
 */
export interface DirectoryCluster {
  name: string;
  title?: string;
  url: string;
  /** `serviceAccount`, `aws`, or another provider of the Kubernetes plugin. */
  authProvider: string;
  skipTLSVerify: boolean;
  caData?: string;
  caFile?: string;
  /** IAM role to assume for `aws` clusters. */
  assumeRole?: string;
  externalId?: string;
  /** EKS cluster name sent as `x-k8s-aws-id`; defaults to `name`. */
  awsClusterId?: string;
}

const serviceAccountTokens = new WeakMap<DirectoryCluster, string>();

/**
 * The configured `serviceAccountToken` of a cluster read by
 * {@link readDirectoryClusters}, if any. Internal to this package.
 */
export function configuredServiceAccountToken(
  cluster: DirectoryCluster,
): string | undefined {
  return serviceAccountTokens.get(cluster);
}

function configError(key: string, rule: string): InputError {
  return new InputError(`Invalid config at '${key}': ${rule}`);
}

/** Runs a typed config read and turns its error into an InputError. */
function read<T>(key: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw configError(key, (error as Error).message);
  }
}

function readAuthMetadata(c: Config, key: string): Record<string, string> {
  // Keys such as `kubernetes.io/x-k8s-aws-id` are not valid config paths, so
  // the block is read as a whole, like the Kubernetes plugin does.
  const block = read(`${key}.authMetadata`, () =>
    c.getOptional('authMetadata'),
  );
  if (block === undefined) {
    return {};
  }
  if (typeof block !== 'object' || block === null || Array.isArray(block)) {
    throw configError(`${key}.authMetadata`, 'must be a map of strings');
  }
  return Object.fromEntries(
    Object.entries(block).map(([k, v]) => {
      if (typeof v !== 'string') {
        throw configError(`${key}.authMetadata.${k}`, 'must be a string');
      }
      return [k, v];
    }),
  );
}

function readCluster(c: Config, key: string): DirectoryCluster {
  const name = read(`${key}.name`, () => c.getString('name')).trim();
  if (!name) {
    throw configError(`${key}.name`, 'must be a non-empty string');
  }
  const url = read(`${key}.url`, () => c.getString('url'));
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw configError(`${key}.url`, `must be an absolute URL, got '${url}'`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw configError(`${key}.url`, 'must be an http or https URL');
  }
  const metadata = readAuthMetadata(c, key);
  const authProvider =
    metadata[AUTH_PROVIDER_METADATA] ??
    read(`${key}.authProvider`, () => c.getOptionalString('authProvider'));
  if (!authProvider) {
    throw configError(
      `${key}.authProvider`,
      `cluster '${name}' has no auth provider; set 'authProvider' or 'authMetadata.${AUTH_PROVIDER_METADATA}'`,
    );
  }
  const optional = (k: string) =>
    read(`${key}.${k}`, () => c.getOptionalString(k)) || undefined;
  const cluster: DirectoryCluster = {
    name,
    title: optional('title'),
    url,
    authProvider,
    skipTLSVerify: read(
      `${key}.skipTLSVerify`,
      () => c.getOptionalBoolean('skipTLSVerify') ?? false,
    ),
    caData: optional('caData'),
    caFile: optional('caFile'),
    assumeRole: optional('assumeRole') ?? metadata[AWS_ASSUME_ROLE_METADATA],
    externalId: optional('externalId') ?? metadata[AWS_EXTERNAL_ID_METADATA],
    awsClusterId: metadata[AWS_CLUSTER_ID_METADATA],
  };
  for (const k of Object.keys(cluster) as Array<keyof DirectoryCluster>) {
    if (cluster[k] === undefined) {
      delete cluster[k];
    }
  }
  const token = optional('serviceAccountToken');
  if (token) {
    serviceAccountTokens.set(cluster, token);
  }
  return cluster;
}

/**
 * Reads the clusters of every `type: config` entry of
 * `kubernetes.clusterLocatorMethods`, the config the Backstage Kubernetes
 * plugin already uses. Other locator types are skipped (logged at debug
 * level when a logger is given).
 *
 * @throws InputError naming the config key and the rule it breaks.
 * @public
 */
export function readDirectoryClusters(
  config: Config,
  options?: { logger?: LoggerService },
): DirectoryCluster[] {
  const methods = read(CLUSTER_LOCATOR_METHODS_KEY, () =>
    config.getOptionalConfigArray(CLUSTER_LOCATOR_METHODS_KEY),
  );
  const clusters: DirectoryCluster[] = [];
  const names = new Set<string>();
  (methods ?? []).forEach((method, i) => {
    const methodKey = `${CLUSTER_LOCATOR_METHODS_KEY}[${i}]`;
    const type = read(`${methodKey}.type`, () => method.getString('type'));
    if (type !== 'config') {
      options?.logger?.debug(
        `Skipping ${methodKey} of type '${type}': Directory Ops reads clusters of type 'config' only`,
      );
      return;
    }
    const entries = read(`${methodKey}.clusters`, () =>
      method.getConfigArray('clusters'),
    );
    entries.forEach((c, j) => {
      const key = `${methodKey}.clusters[${j}]`;
      const cluster = readCluster(c, key);
      if (names.has(cluster.name)) {
        throw configError(
          `${key}.name`,
          `cluster names must be unique, '${cluster.name}' appears twice`,
        );
      }
      names.add(cluster.name);
      clusters.push(cluster);
    });
  });
  return clusters;
}
