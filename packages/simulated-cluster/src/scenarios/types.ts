/**
 * The options and results of seeding a Directory instance, apart from the
 * seeding itself so the scenario files can share them without a cycle.
 */

/**
 * A federation peer, as the `dir` chart renders it into a
 * ClusterFederatedTrustDomain.
 * @public
 */
export interface SeedFederationPeer {
  trustDomain: string;
  bundleEndpointURL: string;
  profile: 'https_web' | 'https_spiffe';
  /** For `https_spiffe`: the SPIFFE ID of the peer's SPIRE server. */
  endpointSPIFFEID?: string;
}

/** The public AGNTCY network, the chart's default federation peer. */
export const PUBLIC_AGNTCY_NETWORK: SeedFederationPeer = {
  trustDomain: 'spire.ads.outshift.io',
  bundleEndpointURL: 'https://spire.ads.outshift.io',
  profile: 'https_web',
};

/**
 * Faults a seeded instance can carry; each changes only what it names.
 * @public
 */
export interface SeedInstanceFaults {
  /**
   * `failed`: the SVID was obtained at start, a later rotation failed after
   * retries. `no-uri-san`: every SVID at start lacked a URI SAN.
   * `never-succeeded`: no SVID was ever issued (no identity issued).
   */
  svid?: 'failed' | 'no-uri-san' | 'never-succeeded';
  /** The apiserver pod is Pending (ContainerCreating), with no log. */
  noRunningApiserver?: boolean;
  /**
   * Applies to the `search` CronJob. `failed`: its newest Job failed.
   * `stuck`: an active Job started three periods ago. `suspended`:
   * `spec.suspend`. `never-succeeded`: every Job failed and there is no
   * `lastSuccessfulTime`. `stale-success`: the only run was a day ago.
   */
  cronjob?:
    | 'failed'
    | 'stuck'
    | 'suspended'
    | 'never-succeeded'
    | 'stale-success';
  /**
   * Applies to the routing PVC. `pending`: Pending on an Immediate
   * StorageClass (`gp2`) with a ProvisioningFailed event. `pending-wait-for-consumer`:
   * Pending on a WaitForFirstConsumer class with a WaitForFirstConsumer event.
   * `lost`: phase Lost. `undersized`: 1Gi capacity for a 2Gi request.
   */
  pvc?: 'pending' | 'pending-wait-for-consumer' | 'lost' | 'undersized';
  /**
   * `rolling-update-with-pvc`: strategy RollingUpdate with the routing PVC
   * mounted. `no-ready-replicas`: the pod runs but is not ready.
   * `in-progress`: a Recreate rollout, the new pod started 10 s ago.
   */
  rollout?: 'rolling-update-with-pvc' | 'no-ready-replicas' | 'in-progress';
  /** The ConfigMap changed after the pod started. */
  configDrift?: boolean;
  /** What the Ingress and the routing Service report as load balancer. */
  loadBalancerHostname?: string;
}

/**
 * Options of {@link seedDirectoryInstance}.
 * @public
 */
export interface SeedInstanceOptions {
  /** Helm release of the `dir` chart. */
  release: string;
  namespace: string;
  /** Namespace of the dirctl (dir-admin) CronJobs; none are created without it. */
  adminNamespace?: string;
  trustDomain: string;
  baseDomain: string;
  /** The time the state is observed at; default now. Names and times derive from it. */
  now?: Date;
  /** Default `ebs-sc-encrypted` (WaitForFirstConsumer). */
  storageClass?: string;
  /** Peers rendered as ClusterFederatedTrustDomains; default the public AGNTCY network. */
  federation?: SeedFederationPeer[];
  faults?: SeedInstanceFaults;
}

/**
 * What {@link seedDirectoryInstance} created.
 * @public
 */
export interface SeededInstance {
  release: string;
  namespace: string;
  adminNamespace?: string;
  trustDomain: string;
  baseDomain: string;
  /** The apiserver's SPIFFE ID, `spiffe://<td>/ns/<ns>/sa/default`. */
  spiffeId: string;
  apiHost: string;
  apiserverDeployment: string;
  apiserverPods: string[];
  configMap: string;
  /** Routing, PostgreSQL and Zot PVCs, in that order. */
  pvcs: string[];
  /** `search` then `push`; empty without an admin namespace. */
  cronJobs: string[];
  ingress: string;
  routingService: string;
  /** The Ingress's load balancer (an ELB). */
  loadBalancerHostname: string;
  /** The routing Service's load balancer (an NLB). */
  routingLoadBalancerHostname: string;
}
