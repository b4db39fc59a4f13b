export {
  appendSvidLogLines,
  seedDirectoryInstance,
} from './seedDirectoryInstance';
export type {
  SeededInstance,
  SeedFederationPeer,
  SeedInstanceFaults,
  SeedInstanceOptions,
} from './types';
export { recordCronJobRuns, runDueSchedules } from './cronJobs';
export type { CronJobRun, CronJobRunOutcome } from './cronJobs';
export { seedClusterPrerequisites } from './clusterPrerequisites';
export { seedArgoCdApplication } from './argoCdApplications';
export type {
  ArgoCdApplicationState,
  SeedArgoCdApplicationOptions,
} from './argoCdApplications';
export type { ClusterPrerequisitesOptions } from './clusterPrerequisites';
export { appendBundleRefreshLines, seedSpireServer } from './spireServer';
export type {
  SeededSpireServer,
  SeedSpireServerOptions,
  SpirePeerScenario,
} from './spireServer';
