export {
  SIMULATED_ACME_ZONE_ID,
  SIMULATED_CLUSTER_NAME,
  SIMULATED_CLUSTER_NAMES,
  startSimulatedCluster,
} from './startSimulatedCluster';
export type {
  SimulatedClusterHandle,
  SimulatedClusterOptions,
} from './startSimulatedCluster';
