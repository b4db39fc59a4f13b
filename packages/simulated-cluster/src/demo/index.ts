export {
  SIMULATED_CLUSTER_NAME,
  startSimulatedCluster,
} from './startSimulatedCluster';
export type {
  SimulatedClusterHandle,
  SimulatedClusterOptions,
} from './startSimulatedCluster';
