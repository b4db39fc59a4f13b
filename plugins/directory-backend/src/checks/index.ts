import { configDriftCheck } from './configDrift';
import { cronJobsCheck } from './cronjobs';
import { dnsCheck } from './dns';
import { pvcsCheck } from './pvcs';
import { rolloutCheck } from './rollout';
import { svidCheck } from './svid';
import { tlsPassthroughCheck } from './tlsPassthrough';
import { DirectoryCheck } from './types';

export type { CheckContext, CheckVerdict, DirectoryCheck } from './types';

/** Every check, in the order of `CHECK_IDS`. */
export const DIRECTORY_CHECKS: readonly DirectoryCheck[] = [
  svidCheck,
  tlsPassthroughCheck,
  cronJobsCheck,
  pvcsCheck,
  rolloutCheck,
  configDriftCheck,
  dnsCheck,
];
