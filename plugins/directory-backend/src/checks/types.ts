import {
  CheckId,
  CheckResult,
  DirectoryInstance,
} from '@directory-ops/plugin-directory-common';
import type { ProbeSettings } from '../config';
import type { ClusterSnapshot } from '../cluster/ClusterSnapshot';
import type { Route53RecordReader } from '../dns/Route53RecordReader';
import type { SvidLogTracker } from '../cluster/SvidLogTracker';

/** What a check can see of one instance in one poll. */
export interface CheckContext {
  instance: DirectoryInstance;
  /** The instance's cluster, with list calls shared across checks and instances. */
  cluster: ClusterSnapshot;
  /** The time of the poll. */
  now: Date;
  svidLogs: SvidLogTracker;
  probe: ProbeSettings & {
    /** PEM roots that make a certificate "publicly trusted". */
    publicTrustStore: readonly string[];
  };
  route53: Route53RecordReader;
  /** Aborted when the cluster's time is up. */
  signal: AbortSignal;
}

/** The part of a result a check decides; `id` and `observedAt` are added. */
export type CheckVerdict = Omit<CheckResult, 'id' | 'observedAt'>;

/**
 * One health check. `run` answers `undefined` when the check does not apply
 * to the instance; a thrown error becomes an `unknown` result with its reason.
 */
export interface DirectoryCheck {
  id: CheckId;
  run(context: CheckContext): Promise<CheckVerdict | undefined>;
}
