import { InputError } from '@backstage/errors';
import { LATEST_SUPPORTED_RELEASE } from '@directory-ops/plugin-directory-common';

/**
 * Config keys, production defaults and the error helpers of the module, in
 * one place.
 */

/** The latest Directory release; charts and images are pinned to it. */
export const DEFAULT_RELEASE_VERSION = LATEST_SUPPORTED_RELEASE;

/**
 * The oldest Directory release the generator deploys: before it the server
 * has no `store.oci.advertised_registry_address`, so peers would be handed
 * the in-cluster Zot address and sync from peers would break.
 */
export const MIN_RELEASE_VERSION = 'v1.7.0';

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
  monitoring: false,
  spire: {
    reuseExisting: false,
    className: 'dir-spire',
    caSubject: { country: 'US', organization: 'AGNTCY Directory' },
  },
} as const;

/**
 * Upper bounds of the free-text inputs of `directory:deployment:generate`
 * (characters). The instance name's bound is derived from the chart names
 * in `deployment/layout.ts` instead.
 */
export const INPUT_LIMITS = {
  environment: 20,
  owner: 140,
  clusterServer: 512,
  repoUrl: 512,
  targetRevision: 100,
  gitopsPath: 200,
  targetPath: 200,
  releaseVersion: 32,
  quantity: 16,
  vaultPath: 256,
  bucketRegion: 32,
  roleArn: 600,
  bundleEndpointURL: 512,
  endpointSPIFFEID: 512,
  /** A SPIFFE bundle of a few keys is a few KiB. */
  trustDomainBundle: 65536,
  /** A peer's trust domain also names a ClusterFederatedTrustDomain (253 characters). */
  peerTrustDomain: 200,
  federationPeers: 32,
  hostedZoneId: 44,
  caOrganization: 64,
  /** rateLimit values, requests per second (and bursts). */
  rate: 1_000_000,
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
  /** The OCI Helm repository of the Directory charts (Argo CD `repoURL`). */
  directoryRepo: 'ghcr.io/agntcy/dir/helm-charts',
  dir: 'dir',
  dirctl: 'dirctl',
} as const;

/**
 * Chart versions the generated values are rendered with in the tests
 * (the upstream charts, vendored as test fixtures).
 */
export const TESTED_CHARTS = [
  { chart: 'dir', version: DEFAULT_RELEASE_VERSION },
  { chart: 'dirctl', version: DEFAULT_RELEASE_VERSION },
  { chart: 'zot (sub-chart of dir)', version: '0.1.122' },
  { chart: 'spire', version: CHART_PINS.spire.chart_version },
  { chart: 'spire-crds', version: CHART_PINS.spireCrds.chart_version },
] as const;

/** Zot version validated by the Directory release. */
export const ZOT_IMAGE_TAG = 'v2.1.20';

/**
 * What the cluster must run before the pull request is merged, with the
 * version range each is needed in. `monitoring` marks what only
 * `monitoring: true` needs.
 */
export const CLUSTER_PREREQUISITES = {
  kubernetes: {
    name: 'Kubernetes (EKS)',
    range: '>= 1.31',
    why: 'the minimum of the AGNTCY production guide',
  },
  argocd: {
    name: 'Argo CD',
    range: '>= 2.8',
    why: 'multi-source Applications with a `$values` ref, the ApplicationSet merge generator and OCI Helm repositories',
  },
  ingressNginx: {
    name: 'ingress-nginx',
    range: '>= 1.11 (chart >= 4.11), started with `--enable-ssl-passthrough`',
    why: 'the API ingress is SSL passthrough to the apiserver SVID',
  },
  certManager: {
    name: 'cert-manager',
    range: '>= 1.12',
    why: '`cert-manager.io/v1` Certificates for Zot, OIDC discovery and the https_web bundle endpoint',
  },
  externalSecrets: {
    name: 'External Secrets Operator',
    range: '>= 0.16.2, < 0.17',
    why: 'the `dir-secrets` ExternalSecrets are `external-secrets.io/v1` (served from 0.16.2), and the dir chart v1.7.0 still renders its own `<release>-apiserver` ExternalSecret as `v1beta1`, which 0.17 and later no longer serve',
  },
  ebsCsi: {
    name: 'AWS EBS CSI driver',
    range: '>= 1.25',
    why: 'every PersistentVolumeClaim uses an encrypted `ebs.csi.aws.com` StorageClass',
  },
  externalDns: {
    name: 'ExternalDNS',
    range: '>= 0.13',
    why: 'publishes the five hosts from the Ingress and Service annotations',
  },
  prometheusOperator: {
    name: 'Prometheus Operator',
    range: '>= 0.63',
    why: 'the `monitoring.coreos.com/v1` ServiceMonitor CRD (only with `monitoring: true`)',
  },
} as const;

/** Builds the error every invalid input raises: it names the field and the rule. */
export function fieldError(field: string, rule: string): InputError {
  return new InputError(`Invalid input '${field}': ${rule}`);
}
