import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * Config keys, production defaults and the error helpers of the module, in
 * one place.
 */

/** Config key of the Route53 endpoint override (shared with the backend). */
export const ROUTE53_ENDPOINT_KEY = 'directory.route53.endpoint';
/** Config key of the Route53 signing region. */
export const ROUTE53_REGION_KEY = 'directory.route53.region';
/** Config key of the AWS account used for Route53. */
export const ROUTE53_ACCOUNT_KEY = 'directory.route53.accountId';
/** The `aws` block read by `DefaultAwsCredentialsManager`. */
export const AWS_CONFIG_KEY = 'aws';

/** Route53 is a global service signed in us-east-1. */
export const DEFAULT_ROUTE53_REGION = 'us-east-1';

/** How the module reaches Route53, read from config. */
export interface Route53Settings {
  /** Whether the `aws` config block is present; without it nothing is verified. */
  awsConfigured: boolean;
  endpoint?: string;
  region: string;
  accountId?: string;
}

/** Reads {@link Route53Settings}; a malformed value is an `InputError` naming the key. */
export function readRoute53Settings(config: Config): Route53Settings {
  const endpoint = readOptionalString(config, ROUTE53_ENDPOINT_KEY);
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
      throw new InputError(
        `Invalid config at '${ROUTE53_ENDPOINT_KEY}': must be an http(s) URL`,
      );
    }
  }
  return {
    awsConfigured: config.has(AWS_CONFIG_KEY),
    endpoint,
    region:
      readOptionalString(config, ROUTE53_REGION_KEY) ?? DEFAULT_ROUTE53_REGION,
    accountId: readOptionalString(config, ROUTE53_ACCOUNT_KEY),
  };
}

function readOptionalString(config: Config, key: string): string | undefined {
  try {
    return config.getOptionalString(key);
  } catch (error) {
    throw new InputError(
      `Invalid config at '${key}': ${(error as Error).message}`,
    );
  }
}

/** The latest Directory release; charts and images are pinned to it. */
export const DEFAULT_RELEASE_VERSION = 'v1.7.0';

/** Production defaults of `directory:deployment:generate`. */
export const DEPLOYMENT_DEFAULTS = {
  environment: 'prod',
  targetPath: '.',
  storageClass: 'ebs-sc-encrypted',
  storage: { routing: '20Gi', database: '5Gi', zot: '100Gi' },
  resources: {
    requests: { cpu: '500m', memory: '1Gi' },
    limits: { cpu: '2000m', memory: '4Gi' },
  },
  rateLimit: {
    globalRps: 500,
    globalBurst: 1000,
    perClientRps: 100,
    perClientBurst: 200,
  },
  vault: {
    path: 'secret/data/agntcy/directory',
    secretStore: 'vault-backend',
    secretStoreKind: 'ClusterSecretStore',
  },
  certIssuer: 'letsencrypt-prod',
  zotStorage: 'pvc',
} as const;

/** The production guide asks for at least this many requests per second. */
export const MIN_GLOBAL_RPS = 500;

/** The string that stands for the public AGNTCY network in `federateWith`. */
export const PUBLIC_NETWORK_PRESET = 'public-agntcy-network';

/**
 * Pinned chart versions of the apps that are not the Directory itself
 * (the Directory charts follow `releaseVersion`).
 */
export const CHART_PINS = {
  spireCrds: {
    chart_repo: 'https://spiffe.github.io/helm-charts-hardened',
    chart_name: 'spire-crds',
    chart_version: '0.5.0',
  },
  spire: {
    chart_repo: 'https://spiffe.github.io/helm-charts-hardened',
    chart_name: 'spire',
    chart_version: '0.28.4',
  },
  raw: {
    chart_repo: 'https://dysnix.github.io/charts',
    chart_name: 'raw',
    chart_version: '0.3.2',
  },
  directoryRepo: 'ghcr.io',
  dir: 'agntcy/dir/helm-charts/dir',
  dirctl: 'agntcy/dir/helm-charts/dirctl',
} as const;

/** Zot version validated by the Directory release. */
export const ZOT_IMAGE_TAG = 'v2.1.20';

/** Builds the error every invalid input raises: it names the field and the rule. */
export function fieldError(field: string, rule: string): InputError {
  return new InputError(`Invalid input '${field}': ${rule}`);
}
