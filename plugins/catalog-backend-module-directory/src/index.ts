/**
 * Catalog module for AGNTCY Directory instances (validation and discovery),
 * plus a search module that makes them findable by trust domain.
 *
 * @packageDocumentation
 */
export { catalogModuleDirectory as default } from './module';
export { searchModuleDirectoryCollatorTransformer } from './search/module';
export { directoryCollatorEntityTransformer } from './search/directoryCollatorEntityTransformer';
export { DirectoryInstanceProcessor } from './processor/DirectoryInstanceProcessor';
export { DirectoryInstanceEntityProvider } from './provider/DirectoryInstanceEntityProvider';
export { discoverDirectoryInstances } from './provider/discoverInstances';
export type { DiscoveredInstance } from './provider/discoverInstances';
export { readDirectoryProviderConfig } from './config';
export type { DirectoryProviderConfig } from './config';
