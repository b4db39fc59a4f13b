import type { X509Certificate } from 'node:crypto';
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
  CheckOutcome,
  DirectoryInstance,
} from '@directory-ops/plugin-directory-common';

/**
 * Options of {@link DirectoryClusterReader.readPodLog}.
 * @public
 */
export interface PodLogRequest {
  namespace: string;
  pod: string;
  container: string;
  /** Only lines logged in the last this many seconds. */
  sinceSeconds?: number;
  /** The most bytes to read. */
  limitBytes: number;
}

/**
 * Options of {@link DirectoryClusterReader.customObjects}.
 * @public
 */
export interface CustomObjectListRequest {
  group: string;
  version: string;
  /** The resource's plural, e.g. `applications`. */
  plural: string;
  /** Omit for cluster-scoped resources. */
  namespace?: string;
  labelSelector?: string;
}

/**
 * Read-only view of one cluster during one poll. Lists and reads are shared
 * by every check of every instance on the cluster in the poll, so a check
 * costs no extra request for objects another check already read. A failed
 * call rejects with the cluster's error; the poller turns it into an
 * `unknown` result.
 *
 * @public
 */
export interface DirectoryClusterReader {
  /** The cluster's name in `kubernetes.clusterLocatorMethods`. */
  readonly name: string;
  /** All pods of a namespace. */
  pods(namespace: string): Promise<V1Pod[]>;
  /** All PersistentVolumeClaims of a namespace. */
  persistentVolumeClaims(namespace: string): Promise<V1PersistentVolumeClaim[]>;
  /** The CronJobs of a namespace that match a label selector. */
  cronJobs(namespace: string, labelSelector: string): Promise<V1CronJob[]>;
  /** All Jobs of a namespace. */
  jobs(namespace: string): Promise<V1Job[]>;
  /** All Ingresses of a namespace. */
  ingresses(namespace: string): Promise<V1Ingress[]>;
  /** All Services of a namespace. */
  services(namespace: string): Promise<V1Service[]>;
  /** A Deployment, or `undefined` when there is none of that name. */
  deployment(
    namespace: string,
    name: string,
  ): Promise<V1Deployment | undefined>;
  /** A ConfigMap, or `undefined` when there is none of that name. */
  configMap(namespace: string, name: string): Promise<V1ConfigMap | undefined>;
  /** A StorageClass, or `undefined` when there is none of that name. */
  storageClass(name: string): Promise<V1StorageClass | undefined>;
  /** The objects of a custom resource (e.g. Argo CD `Application`s). */
  customObjects(request: CustomObjectListRequest): Promise<unknown[]>;
  /** A container log with timestamps; not shared, each call reads again. */
  readPodLog(request: PodLogRequest): Promise<string>;
}

/**
 * One container, for {@link DirectorySvidLogReader.read}.
 * @public
 */
export interface SvidLogRequest {
  namespace: string;
  pod: string;
  container: string;
  /** Changes when the container restarts, e.g. `<namespace>/<pod>/<containerID>`. */
  containerId: string;
}

/**
 * The latest SVID line seen in one container's log.
 * @public
 */
export interface SvidLogVerdict {
  outcome: 'success' | 'failure';
  /** The log line, without its timestamp. */
  line: string;
  /** The timestamp Kubernetes recorded for the line. */
  at: string;
}

/**
 * What one SVID log read found.
 * @public
 */
export interface SvidLogReading {
  verdict?: SvidLogVerdict;
  bytesRead: number;
  /** The byte limit cut the read short; the next poll continues from there. */
  truncated: boolean;
  /**
   * What the read skipped to move forward, when the byte limit was full of
   * one second's lines or of a single longer line.
   */
  skipped?: string;
}

/**
 * Follows the SVID lines of containers on the instance's cluster across
 * polls: each read covers what was logged since the previous one, and a
 * quiet log keeps its last verdict.
 *
 * @public
 */
export interface DirectorySvidLogReader {
  read(request: SvidLogRequest): Promise<SvidLogReading>;
}

/**
 * What a TLS handshake showed of a server.
 * @public
 */
export interface TlsPeer {
  /** The `address:port` connected to (after `directory.probe.resolve`). */
  address: string;
  /** The leaf certificate. */
  certificate: X509Certificate;
  /** The certificates the server sent after the leaf. */
  intermediates: X509Certificate[];
  /** False when the server demanded a client certificate and ended the handshake. */
  handshakeCompleted: boolean;
  alpnProtocol?: string;
}

/**
 * The TLS probe, limited to `directory.probe.allowedDomains`.
 * @public
 */
export interface DirectoryTlsProbe {
  /** Whether `directory.probe.allowedDomains` lets the probe reach the host. */
  isAllowed(host: string): boolean;
  /**
   * Opens a TLS connection to `host:port` with SNI `host` and reads the
   * certificate the server presents, without verifying it. Rejects for a
   * host that is not allowed, a failed handshake or the probe timeout.
   */
  handshake(host: string, port: number): Promise<TlsPeer>;
  /**
   * Whether the peer's certificate chains to a publicly trusted root and is
   * valid for the host at the given time.
   */
  isPubliclyTrusted(peer: TlsPeer, host: string, at: Date): boolean;
}

/**
 * One DNS record set.
 * @public
 */
export interface DnsRecord {
  /** Lower case, without the trailing dot. */
  name: string;
  /** `A`, `AAAA`, `CNAME`, `TXT`… */
  type: string;
  /** The DNS name of an alias record's target. */
  aliasTarget?: string;
  /** The record's values (for a CNAME, the names it points at). */
  values: string[];
}

/**
 * Reads DNS records from Route53 (`directory.route53`).
 * @public
 */
export interface DirectoryDnsReader {
  /** The record sets of a hosted zone named the base domain or under it. */
  listRecords(
    hostedZoneId: string,
    baseDomain: string,
    signal?: AbortSignal,
  ): Promise<DnsRecord[]>;
}

/**
 * What a check can see of one instance in one poll.
 * @public
 */
export interface DirectoryCheckContext {
  /** The instance, as read from its catalog entity. */
  instance: DirectoryInstance;
  /** The time of the poll. */
  now: Date;
  /** Aborted when the cluster's time in this poll is up. */
  signal: AbortSignal;
  /** The instance's cluster. */
  cluster: DirectoryClusterReader;
  /**
   * Another configured cluster (e.g. the one that runs Argo CD), read with
   * the same deadline; rejects on first use for an unknown name.
   */
  otherCluster(name: string): DirectoryClusterReader;
  /** SVID lines in the logs of containers on the instance's cluster. */
  svidLogs: DirectorySvidLogReader;
  /** TLS handshakes with the instance's hosts. */
  tls: DirectoryTlsProbe;
  /** Route53 records. */
  dns: DirectoryDnsReader;
}

/**
 * One health check of a Directory instance, added through
 * `directoryChecksExtensionPoint`.
 *
 * `run` resolves the check's outcome, or `undefined` when the check does not
 * apply to the instance (then it is left out of the instance's results). A
 * rejection becomes an `unknown` result that says the check failed, and the
 * error is logged with the check id; the other checks still run.
 *
 * @public
 */
export interface DirectoryCheck {
  /** Unique among all checks: lower-case letters, digits and dashes. */
  id: string;
  /** Shown on the card and the fleet page. */
  title: string;
  run(context: DirectoryCheckContext): Promise<CheckOutcome | undefined>;
}
