/**
 * Tech Insights facts for AGNTCY Directory instances.
 *
 * @packageDocumentation
 */
export { techInsightsModuleDirectory as default } from './module';
export {
  DIRECTORY_FACT_RETRIEVER_ID,
  createDirectoryFactRetriever,
} from './directoryFactRetriever';
export { DIRECTORY_TECH_INSIGHTS_CHECKS } from './checks';
