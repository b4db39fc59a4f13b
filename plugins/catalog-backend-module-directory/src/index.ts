/**
 * Catalog module for AGNTCY Directory instances: validation and discovery.
 *
 * @packageDocumentation
 */
export { catalogModuleDirectory as default } from './module';
export { DirectoryInstanceProcessor } from './processor/DirectoryInstanceProcessor';
export { DirectoryInstanceEntityProvider } from './provider/DirectoryInstanceEntityProvider';
export { discoverDirectoryInstances } from './provider/discoverInstances';
export type { DiscoveredInstance } from './provider/discoverInstances';
export { readDirectoryProviderConfig } from './config';
export type { DirectoryProviderConfig } from './config';
