/**
 * Scaffolder actions that generate a production AGNTCY Directory deployment
 * as a GitOps change.
 *
 * @packageDocumentation
 */
export { scaffolderModuleDirectory as default } from './module';
export {
  createDeploymentGenerateAction,
  DEPLOYMENT_GENERATE_ACTION_ID,
} from './actions/deploymentGenerate';
export type { DeploymentGenerateActionOptions } from './actions/deploymentGenerate';
export {
  createClusterPreflightAction,
  CLUSTER_PREFLIGHT_ACTION_ID,
} from './actions/clusterPreflight';
export type { ClusterPreflightActionOptions } from './actions/clusterPreflight';
export {
  createOnboardingGenerateAction,
  ONBOARDING_GENERATE_ACTION_ID,
} from './actions/onboardingGenerate';
export {
  createDeploymentUpgradeAction,
  DEPLOYMENT_UPGRADE_ACTION_ID,
} from './actions/deploymentUpgrade';
export {
  createTrustDomainValidateAction,
  TRUST_DOMAIN_VALIDATE_ACTION_ID,
} from './actions/trustDomainValidate';
export type { TrustDomainValidateActionOptions } from './actions/trustDomainValidate';
export {
  createDnsPlanAction,
  DNS_PLAN_ACTION_ID,
  NOT_VERIFIED_NOTE,
} from './actions/dnsPlan';
export type { DnsPlanActionOptions } from './actions/dnsPlan';
export { createRoute53Client } from './dns/route53Client';
export { Route53HostChecker } from './dns/Route53HostChecker';
export type { DnsConflict, Route53CheckResult } from './dns/Route53HostChecker';
export {
  ROUTE53_ENDPOINT_KEY,
  readRoute53Settings,
} from '@directory-ops/plugin-directory-node';
export type { Route53Settings } from '@directory-ops/plugin-directory-node';
