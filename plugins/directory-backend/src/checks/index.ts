import type { DirectoryCheck } from '@directory-ops/plugin-directory-node';
import { configDriftCheck } from './configDrift';
import { cronJobsCheck } from './cronjobs';
import { dnsCheck } from './dns';
import { federationCheck } from './federation';
import { pvcsCheck } from './pvcs';
import { rolloutCheck } from './rollout';
import { svidCheck } from './svid';
import { tlsPassthroughCheck } from './tlsPassthrough';

/**
 * The built-in checks, in the order the card shows them. The plugin adds
 * them through `directoryChecksExtensionPoint`, as a module adds its own.
 */
export const BUILT_IN_CHECKS: readonly DirectoryCheck[] = [
  svidCheck,
  tlsPassthroughCheck,
  cronJobsCheck,
  pvcsCheck,
  rolloutCheck,
  configDriftCheck,
  dnsCheck,
  federationCheck,
];
