import {
  DirectoryHosts,
  FederationPeer,
  FederationProfile,
  PUBLIC_AGNTCY_NETWORK,
  directoryHosts,
  isPublicAgntcyNetwork,
} from '@directory-ops/plugin-directory-common';
import { DEPLOYMENT_DEFAULTS } from '../config';
import { NormalizedDeploymentInput } from './input';

/**
 * A federation peer of the deployment; `https_spiffe` peers may carry their
 * bootstrap bundle (`spire-server bundle show -format spiffe`, public keys).
 */
export interface DeploymentPeer extends FederationPeer {
  trustDomainBundle?: string;
}

/**
 * What every generated file is rendered from: the checked input (see
 * `input.ts`) with the values derived from it. Deriving never fails.
 */
export interface DeploymentSpec {
  /** The normalized input, recorded as `directory-spec.yaml`. */
  input: NormalizedDeploymentInput;
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
  storage: NormalizedDeploymentInput['storage'];
  resources: NormalizedDeploymentInput['resources'];
  rateLimit: {
    globalRps: number;
    globalBurst: number;
    perClientRps: number;
    perClientBurst: number;
  };
  vault: NormalizedDeploymentInput['vault'];
  certIssuer: string;
  zot:
    | { storage: 'pvc' }
    | { storage: 's3'; bucket: string; region: string; roleArn?: string };
  peers: DeploymentPeer[];
  federatesWithPublicNetwork: boolean;
  /** Whether the apiserver gets a ServiceMonitor (Prometheus Operator). */
  monitoring: boolean;
  spire: NormalizedDeploymentInput['spire'];
  route53HostedZoneId?: string;
}

/**
 * Accepts an https Git URL (`https://github.com/acme/gitops.git`) or the
 * RepoUrlPicker form (`github.com?owner=acme&repo=gitops`); both are checked
 * by the input schema.
 */
function repoUrls(value: string): { repoUrl: string; webUrl: string } {
  if (!value.includes('://')) {
    const [host, query = ''] = value.split('?', 2);
    const params = new URLSearchParams(query);
    const base = `https://${host}/${params.get('owner')}/${params.get('repo')}`;
    return { repoUrl: `${base}.git`, webUrl: base };
  }
  const repoUrl = value.replace(/\/$/, '');
  return { repoUrl, webUrl: repoUrl.replace(/\.git$/, '') };
}

function toPeer(
  entry: NormalizedDeploymentInput['federateWith'][number],
): DeploymentPeer {
  if (typeof entry === 'string') {
    return { ...PUBLIC_AGNTCY_NETWORK };
  }
  const { trustDomain, bundleEndpointURL, profile } = entry;
  const url = bundleEndpointURL.replace(/\/$/, '');
  if (profile === 'https_web') {
    return { trustDomain, bundleEndpointURL: url, profile };
  }
  return {
    trustDomain,
    bundleEndpointURL: url,
    profile,
    endpointSPIFFEID: entry.endpointSPIFFEID,
    ...(entry.trustDomainBundle
      ? {
          trustDomainBundle: JSON.stringify(
            JSON.parse(entry.trustDomainBundle),
            null,
            2,
          ),
        }
      : {}),
  };
}

/** Derives the {@link DeploymentSpec} of a checked input. */
export function toDeploymentSpec(
  input: NormalizedDeploymentInput,
): DeploymentSpec {
  const peers = input.federateWith.map(toPeer);
  if (
    input.federateWithPublicNetwork &&
    !peers.some(p => p.trustDomain === PUBLIC_AGNTCY_NETWORK.trustDomain)
  ) {
    peers.push({ ...PUBLIC_AGNTCY_NETWORK });
  }
  const gitopsPath = input.gitops.path.replace(/^\.\/?/, '').replace(/\/$/, '');
  const { rateLimit } = input;
  return {
    input,
    name: input.name,
    environment: input.environment,
    owner: input.owner,
    trustDomain: input.trustDomain,
    baseDomain: input.baseDomain,
    hosts: directoryHosts(input.baseDomain),
    federationProfile: input.federationProfile,
    cluster: input.cluster,
    gitops: {
      ...repoUrls(input.gitops.repoUrl),
      targetRevision: input.gitops.targetRevision,
      path: gitopsPath,
    },
    releaseVersion: input.releaseVersion,
    storageClass: input.storageClass,
    storage: input.storage,
    resources: input.resources,
    rateLimit: {
      ...rateLimit,
      globalBurst:
        rateLimit.globalBurst ??
        Math.max(
          DEPLOYMENT_DEFAULTS.rateLimit.globalBurst,
          rateLimit.globalRps * 2,
        ),
    },
    vault: input.vault,
    certIssuer: input.certIssuer,
    zot:
      input.zotStorage === 's3'
        ? {
            storage: 's3',
            bucket: input.zotS3?.bucket ?? '',
            region: input.zotS3?.region ?? '',
            roleArn: input.zotS3?.roleArn,
          }
        : { storage: 'pvc' },
    peers,
    federatesWithPublicNetwork: peers.some(p =>
      isPublicAgntcyNetwork(p.trustDomain),
    ),
    monitoring: input.monitoring,
    spire: input.spire,
    route53HostedZoneId: input.route53HostedZoneId?.replace(
      /^\/hostedzone\//,
      '',
    ),
  };
}
