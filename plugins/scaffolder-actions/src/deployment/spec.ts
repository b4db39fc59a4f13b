import {
  DirectoryHosts,
  FEDERATION_PROFILES,
  FederationPeer,
  FederationProfile,
  PUBLIC_AGNTCY_NETWORK,
  directoryHosts,
  isFederationProfile,
  isPublicAgntcyNetwork,
  validateBaseDomain,
  validateKubernetesName,
  validateTrustDomain,
} from '@directory-ops/plugin-directory-common';
import {
  DEFAULT_RELEASE_VERSION,
  DEPLOYMENT_DEFAULTS,
  MIN_GLOBAL_RPS,
  PUBLIC_NETWORK_PRESET,
  fieldError,
} from '../config';

/**
 * The inputs of `directory:deployment:generate` as they arrive from a
 * template: every field is checked here, so nothing reaches a file unchecked.
 */
export interface DeploymentInput {
  name: string;
  environment?: string;
  owner: string;
  trustDomain: string;
  baseDomain: string;
  federationProfile: string;
  cluster: { name: string; server: string };
  gitops: { repoUrl: string; targetRevision: string; path: string };
  targetPath?: string;
  releaseVersion?: string;
  storageClass?: string;
  storage?: { routing?: string; database?: string; zot?: string };
  resources?: {
    requests?: { cpu?: string; memory?: string };
    limits?: { cpu?: string; memory?: string };
  };
  rateLimit?: {
    globalRps?: number;
    globalBurst?: number;
    perClientRps?: number;
    perClientBurst?: number;
  };
  vault?: { path?: string; secretStore?: string; secretStoreKind?: string };
  certIssuer?: string;
  zotStorage?: string;
  zotS3?: { bucket?: string; region?: string; roleArn?: string };
  federateWith?: Array<
    | string
    | {
        trustDomain: string;
        bundleEndpointURL: string;
        profile: string;
        endpointSPIFFEID?: string;
        trustDomainBundle?: string;
      }
  >;
  federateWithPublicNetwork?: boolean;
  route53HostedZoneId?: string;
}

/**
 * A federation peer of the deployment; `https_spiffe` peers may carry their
 * bootstrap bundle (`spire-server bundle show -format spiffe`, public keys).
 */
export interface DeploymentPeer extends FederationPeer {
  trustDomainBundle?: string;
}

/** A checked, defaulted deployment: the single source of every generated file. */
export interface DeploymentSpec {
  name: string;
  environment: string;
  owner: string;
  trustDomain: string;
  baseDomain: string;
  hosts: DirectoryHosts;
  federationProfile: FederationProfile;
  cluster: { name: string; server: string };
  gitops: {
    repoUrl: string;
    targetRevision: string;
    /** Folder of the GitOps repo that holds the files; `''` for the root. */
    path: string;
    /** Web URL of the repository, for links (no `.git`). */
    webUrl: string;
  };
  releaseVersion: string;
  storageClass: string;
  storage: { routing: string; database: string; zot: string };
  resources: {
    requests: { cpu: string; memory: string };
    limits: { cpu: string; memory: string };
  };
  rateLimit: {
    globalRps: number;
    globalBurst: number;
    perClientRps: number;
    perClientBurst: number;
  };
  vault: { path: string; secretStore: string; secretStoreKind: string };
  certIssuer: string;
  zot:
    | { storage: 'pvc' }
    | { storage: 's3'; bucket: string; region: string; roleArn?: string };
  peers: DeploymentPeer[];
  federatesWithPublicNetwork: boolean;
  route53HostedZoneId?: string;
}

const MAX_ENVIRONMENT_LENGTH = 20;
const ENTITY_REF =
  /^(?:(group|user):)?(?:([a-z0-9][a-z0-9-]{0,62})\/)?([A-Za-z0-9][A-Za-z0-9._-]{0,62})$/;
const RELEASE_VERSION = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/;
const GIT_REF = /^(?!.*\.\.)(?!\/)(?!.*\/$)[A-Za-z0-9._/-]{1,200}$/;
const REPO_PATH = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;
const CPU = /^(?:\d+m|\d+(?:\.\d+)?)$/;
const MEMORY = /^\d+(?:Ki|Mi|Gi|Ti)$/;
const VAULT_PATH = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const IAM_ROLE_ARN =
  /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/;
const HOSTED_ZONE_ID = /^(?:\/hostedzone\/)?[A-Z0-9]{1,32}$/;

function requireString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw fieldError(field, 'is required and must be a non-empty string');
  }
  return value;
}

function optionalString(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw fieldError(field, 'must be a string');
  }
  return value;
}

function check(field: string, problems: string[]): void {
  if (problems.length > 0) {
    throw fieldError(field, problems.join('; '));
  }
}

function matching(
  field: string,
  value: string,
  pattern: RegExp,
  rule: string,
): string {
  if (!pattern.test(value)) {
    throw fieldError(field, rule);
  }
  return value;
}

function quantity(
  field: string,
  value: unknown,
  fallback: string,
  pattern: RegExp,
  rule: string,
) {
  return matching(
    field,
    optionalString(field, value) ?? fallback,
    pattern,
    rule,
  );
}

/** A plain https URL: host, optional port and path of unreserved characters. */
const HTTPS_URL =
  /^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]+)*\/?$/;

function httpsUrl(field: string, value: string): string {
  if (!HTTPS_URL.test(value)) {
    throw fieldError(
      field,
      'must be an https:// URL of a host and a plain path (no credentials, query, spaces, quotes or YAML characters)',
    );
  }
  return value.replace(/\/$/, '');
}

/**
 * Accepts an https Git URL (`https://github.com/acme/gitops.git`) or the
 * RepoUrlPicker form (`github.com?owner=acme&repo=gitops`).
 */
function parseRepoUrl(
  field: string,
  value: string,
): { repoUrl: string; webUrl: string } {
  if (!value.includes('://')) {
    const [host, query = ''] = value.split('?', 2);
    const params = new URLSearchParams(query);
    const owner = params.get('owner') ?? '';
    const repo = params.get('repo') ?? '';
    const part = /^[A-Za-z0-9._-]+$/;
    if (
      !/^[a-z0-9.-]+(?::\d+)?$/.test(host) ||
      !part.test(owner) ||
      !part.test(repo)
    ) {
      throw fieldError(
        field,
        'must be an https Git URL or "<host>?owner=<owner>&repo=<repo>" with plain names',
      );
    }
    return {
      repoUrl: `https://${host}/${owner}/${repo}.git`,
      webUrl: `https://${host}/${owner}/${repo}`,
    };
  }
  const repoUrl = httpsUrl(field, value);
  if (
    !/^\/[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)+$/.test(new URL(repoUrl).pathname)
  ) {
    throw fieldError(
      field,
      'must name a repository, e.g. https://github.com/acme/gitops.git',
    );
  }
  return { repoUrl, webUrl: repoUrl.replace(/\.git$/, '') };
}

/** A SPIFFE bundle (JWK set) as JSON text, written back in canonical form. */
function parseBundle(field: string, value: unknown): string | undefined {
  const text = optionalString(field, value);
  if (text === undefined) {
    return undefined;
  }
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch {
    throw fieldError(
      field,
      'must be the JSON of `spire-server bundle show -format spiffe`',
    );
  }
  const keys = (bundle as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw fieldError(
      field,
      'must be a SPIFFE bundle: a JSON object with a non-empty "keys" list',
    );
  }
  return JSON.stringify(bundle, null, 2);
}

function parsePeer(
  field: string,
  value: unknown,
  environment: string,
): DeploymentPeer {
  if (value === PUBLIC_NETWORK_PRESET) {
    return { ...PUBLIC_AGNTCY_NETWORK };
  }
  if (typeof value === 'string') {
    throw fieldError(
      field,
      `must be a peer object or the preset "${PUBLIC_NETWORK_PRESET}"`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fieldError(
      field,
      'must be an object with trustDomain, bundleEndpointURL and profile',
    );
  }
  const raw = value as Record<string, unknown>;
  const trustDomain = requireString(`${field}.trustDomain`, raw.trustDomain);
  check(
    `${field}.trustDomain`,
    validateTrustDomain(trustDomain, { environment }),
  );
  if (trustDomain.includes('_')) {
    throw fieldError(
      `${field}.trustDomain`,
      'must not contain "_": it becomes part of a Kubernetes object name',
    );
  }
  const bundleEndpointURL = requireString(
    `${field}.bundleEndpointURL`,
    raw.bundleEndpointURL,
  );
  httpsUrl(`${field}.bundleEndpointURL`, bundleEndpointURL);
  const profile = requireString(`${field}.profile`, raw.profile);
  if (!isFederationProfile(profile)) {
    throw fieldError(
      `${field}.profile`,
      `must be one of ${FEDERATION_PROFILES.join(', ')}`,
    );
  }
  const endpointSPIFFEID = optionalString(
    `${field}.endpointSPIFFEID`,
    raw.endpointSPIFFEID,
  );
  if (profile === 'https_spiffe') {
    const expected = `spiffe://${trustDomain}/`;
    if (!endpointSPIFFEID) {
      throw fieldError(
        `${field}.endpointSPIFFEID`,
        'is required for the https_spiffe profile (the SPIFFE ID of the peer SPIRE server)',
      );
    }
    if (
      !endpointSPIFFEID.startsWith(expected) ||
      !/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/.test(
        endpointSPIFFEID.slice(expected.length),
      )
    ) {
      throw fieldError(
        `${field}.endpointSPIFFEID`,
        `must be a SPIFFE ID in the peer trust domain, e.g. ${expected}spire/server`,
      );
    }
    const trustDomainBundle = parseBundle(
      `${field}.trustDomainBundle`,
      raw.trustDomainBundle,
    );
    return {
      trustDomain,
      bundleEndpointURL,
      profile,
      endpointSPIFFEID,
      ...(trustDomainBundle ? { trustDomainBundle } : {}),
    };
  }
  if (optionalString(`${field}.trustDomainBundle`, raw.trustDomainBundle)) {
    throw fieldError(
      `${field}.trustDomainBundle`,
      'is only used with the https_spiffe profile',
    );
  }
  if (endpointSPIFFEID) {
    throw fieldError(
      `${field}.endpointSPIFFEID`,
      'is only used with the https_spiffe profile',
    );
  }
  return { trustDomain, bundleEndpointURL, profile };
}

/**
 * Checks every input and applies the production defaults. Throws an
 * `InputError` that names the field and the rule on the first problem.
 */
export function parseDeploymentInput(input: DeploymentInput): DeploymentSpec {
  const name = requireString('name', input.name);
  check('name', validateKubernetesName(name));

  const environment =
    optionalString('environment', input.environment) ??
    DEPLOYMENT_DEFAULTS.environment;
  check(
    'environment',
    validateKubernetesName(environment, MAX_ENVIRONMENT_LENGTH),
  );

  const owner = matching(
    'owner',
    requireString('owner', input.owner),
    ENTITY_REF,
    'must be an entity reference such as group:default/platform or platform',
  );

  const trustDomain = requireString('trustDomain', input.trustDomain);
  check('trustDomain', validateTrustDomain(trustDomain, { environment }));
  if (isPublicAgntcyNetwork(trustDomain)) {
    throw fieldError(
      'trustDomain',
      'belongs to the public AGNTCY network and cannot be reused',
    );
  }

  const baseDomain = requireString('baseDomain', input.baseDomain);
  check('baseDomain', validateBaseDomain(baseDomain));

  const federationProfile = requireString(
    'federationProfile',
    input.federationProfile,
  );
  if (!isFederationProfile(federationProfile)) {
    throw fieldError(
      'federationProfile',
      `must be one of ${FEDERATION_PROFILES.join(', ')}`,
    );
  }

  if (typeof input.cluster !== 'object' || input.cluster === null) {
    throw fieldError('cluster', 'is required: { name, server }');
  }
  const clusterName = requireString('cluster.name', input.cluster.name);
  check('cluster.name', validateKubernetesName(clusterName));
  const clusterServer = httpsUrl(
    'cluster.server',
    requireString('cluster.server', input.cluster.server),
  );

  if (typeof input.gitops !== 'object' || input.gitops === null) {
    throw fieldError(
      'gitops',
      'is required: { repoUrl, targetRevision, path }',
    );
  }
  const { repoUrl, webUrl } = parseRepoUrl(
    'gitops.repoUrl',
    requireString('gitops.repoUrl', input.gitops.repoUrl),
  );
  const targetRevision = matching(
    'gitops.targetRevision',
    requireString('gitops.targetRevision', input.gitops.targetRevision),
    GIT_REF,
    'must be a branch, tag or commit: letters, digits, ".", "_", "-" and "/"',
  );
  const rawPath = requireString('gitops.path', input.gitops.path)
    .replace(/^\.\/?/, '')
    .replace(/\/$/, '');
  const gitopsPath =
    rawPath === ''
      ? ''
      : matching(
          'gitops.path',
          rawPath,
          REPO_PATH,
          'must be a relative folder of the repository ("." for the root), without ".." or special characters',
        );
  if (gitopsPath.split('/').some(s => s === '..' || s === '.')) {
    throw fieldError(
      'gitops.path',
      'must stay inside the repository (no ".." segments)',
    );
  }

  const releaseVersion =
    optionalString('releaseVersion', input.releaseVersion) ??
    DEFAULT_RELEASE_VERSION;
  if (releaseVersion.toLowerCase() === 'latest') {
    throw fieldError(
      'releaseVersion',
      'must be a pinned release such as v1.7.0, never "latest"',
    );
  }
  matching(
    'releaseVersion',
    releaseVersion,
    RELEASE_VERSION,
    'must be a release tag such as v1.7.0',
  );

  const storageClass =
    optionalString('storageClass', input.storageClass) ??
    DEPLOYMENT_DEFAULTS.storageClass;
  check('storageClass', validateKubernetesName(storageClass));

  const sizeRule = 'must be a Kubernetes quantity such as 20Gi';
  const storage = {
    routing: quantity(
      'storage.routing',
      input.storage?.routing,
      DEPLOYMENT_DEFAULTS.storage.routing,
      MEMORY,
      sizeRule,
    ),
    database: quantity(
      'storage.database',
      input.storage?.database,
      DEPLOYMENT_DEFAULTS.storage.database,
      MEMORY,
      sizeRule,
    ),
    zot: quantity(
      'storage.zot',
      input.storage?.zot,
      DEPLOYMENT_DEFAULTS.storage.zot,
      MEMORY,
      sizeRule,
    ),
  };

  const cpuRule = 'must be a CPU quantity such as 500m or 2';
  const memRule = 'must be a memory quantity such as 1Gi';
  const d = DEPLOYMENT_DEFAULTS.resources;
  const resources = {
    requests: {
      cpu: quantity(
        'resources.requests.cpu',
        input.resources?.requests?.cpu,
        d.requests.cpu,
        CPU,
        cpuRule,
      ),
      memory: quantity(
        'resources.requests.memory',
        input.resources?.requests?.memory,
        d.requests.memory,
        MEMORY,
        memRule,
      ),
    },
    limits: {
      cpu: quantity(
        'resources.limits.cpu',
        input.resources?.limits?.cpu,
        d.limits.cpu,
        CPU,
        cpuRule,
      ),
      memory: quantity(
        'resources.limits.memory',
        input.resources?.limits?.memory,
        d.limits.memory,
        MEMORY,
        memRule,
      ),
    },
  };

  const rateLimit: DeploymentSpec['rateLimit'] = {
    ...DEPLOYMENT_DEFAULTS.rateLimit,
  };
  for (const key of Object.keys(rateLimit) as Array<keyof typeof rateLimit>) {
    const value = input.rateLimit?.[key];
    if (value !== undefined) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw fieldError(`rateLimit.${key}`, 'must be a non-negative number');
      }
      rateLimit[key] = value;
    }
  }
  if (rateLimit.globalRps < MIN_GLOBAL_RPS) {
    throw fieldError(
      'rateLimit.globalRps',
      `must be at least ${MIN_GLOBAL_RPS} requests per second (production guide)`,
    );
  }
  if (input.rateLimit?.globalBurst === undefined) {
    rateLimit.globalBurst = Math.max(
      rateLimit.globalBurst,
      rateLimit.globalRps * 2,
    );
  }
  if (rateLimit.globalBurst < rateLimit.globalRps) {
    throw fieldError(
      'rateLimit.globalBurst',
      'must be at least rateLimit.globalRps',
    );
  }
  if (rateLimit.perClientBurst < rateLimit.perClientRps) {
    throw fieldError(
      'rateLimit.perClientBurst',
      'must be at least rateLimit.perClientRps',
    );
  }

  const vault = {
    path: matching(
      'vault.path',
      optionalString('vault.path', input.vault?.path) ??
        DEPLOYMENT_DEFAULTS.vault.path,
      VAULT_PATH,
      'must be a Vault path of letters, digits, "_", "-", "." and "/"',
    ),
    secretStore:
      optionalString('vault.secretStore', input.vault?.secretStore) ??
      DEPLOYMENT_DEFAULTS.vault.secretStore,
    secretStoreKind:
      optionalString('vault.secretStoreKind', input.vault?.secretStoreKind) ??
      DEPLOYMENT_DEFAULTS.vault.secretStoreKind,
  };
  check('vault.secretStore', validateKubernetesName(vault.secretStore));
  if (!['SecretStore', 'ClusterSecretStore'].includes(vault.secretStoreKind)) {
    throw fieldError(
      'vault.secretStoreKind',
      'must be SecretStore or ClusterSecretStore',
    );
  }

  const certIssuer =
    optionalString('certIssuer', input.certIssuer) ??
    DEPLOYMENT_DEFAULTS.certIssuer;
  check('certIssuer', validateKubernetesName(certIssuer));

  const zotStorage =
    optionalString('zotStorage', input.zotStorage) ??
    DEPLOYMENT_DEFAULTS.zotStorage;
  let zot: DeploymentSpec['zot'];
  if (zotStorage === 'pvc') {
    zot = { storage: 'pvc' };
  } else if (zotStorage === 's3') {
    const bucket = matching(
      'zotS3.bucket',
      requireString('zotS3.bucket', input.zotS3?.bucket),
      S3_BUCKET,
      'must be an S3 bucket name (required when zotStorage is s3)',
    );
    const region = matching(
      'zotS3.region',
      requireString('zotS3.region', input.zotS3?.region),
      AWS_REGION,
      'must be an AWS region such as eu-west-1 (required when zotStorage is s3)',
    );
    const roleArn = optionalString('zotS3.roleArn', input.zotS3?.roleArn);
    if (roleArn !== undefined) {
      matching(
        'zotS3.roleArn',
        roleArn,
        IAM_ROLE_ARN,
        'must be an IAM role ARN',
      );
    }
    zot = { storage: 's3', bucket, region, roleArn };
  } else {
    throw fieldError('zotStorage', 'must be pvc or s3');
  }

  if (input.federateWith !== undefined && !Array.isArray(input.federateWith)) {
    throw fieldError('federateWith', 'must be a list of peers');
  }
  if (
    input.federateWithPublicNetwork !== undefined &&
    typeof input.federateWithPublicNetwork !== 'boolean'
  ) {
    throw fieldError('federateWithPublicNetwork', 'must be true or false');
  }
  const peers = (input.federateWith ?? []).map((p, i) =>
    parsePeer(`federateWith[${i}]`, p, environment),
  );
  if (
    input.federateWithPublicNetwork &&
    !peers.some(p => p.trustDomain === PUBLIC_AGNTCY_NETWORK.trustDomain)
  ) {
    peers.push({ ...PUBLIC_AGNTCY_NETWORK });
  }
  const seen = new Set<string>();
  peers.forEach((peer, i) => {
    if (peer.trustDomain === trustDomain) {
      throw fieldError(
        `federateWith[${i}].trustDomain`,
        'must differ from the instance trust domain',
      );
    }
    if (seen.has(peer.trustDomain)) {
      throw fieldError(
        `federateWith[${i}].trustDomain`,
        `lists ${peer.trustDomain} twice`,
      );
    }
    seen.add(peer.trustDomain);
  });
  const federatesWithPublicNetwork = peers.some(p =>
    isPublicAgntcyNetwork(p.trustDomain),
  );
  if (federatesWithPublicNetwork && federationProfile !== 'https_web') {
    throw fieldError(
      'federationProfile',
      'must be https_web to federate with the public AGNTCY network',
    );
  }

  const zoneId = optionalString(
    'route53HostedZoneId',
    input.route53HostedZoneId,
  );
  if (zoneId !== undefined) {
    matching(
      'route53HostedZoneId',
      zoneId,
      HOSTED_ZONE_ID,
      'must be a Route53 hosted zone id of uppercase letters and digits',
    );
  }

  return {
    name,
    environment,
    owner,
    trustDomain,
    baseDomain,
    hosts: directoryHosts(baseDomain),
    federationProfile,
    cluster: { name: clusterName, server: clusterServer },
    gitops: { repoUrl, targetRevision, path: gitopsPath, webUrl },
    releaseVersion,
    storageClass,
    storage,
    resources,
    rateLimit,
    vault,
    certIssuer,
    zot,
    peers,
    federatesWithPublicNetwork,
    route53HostedZoneId: zoneId?.replace(/^\/hostedzone\//, ''),
  };
}
