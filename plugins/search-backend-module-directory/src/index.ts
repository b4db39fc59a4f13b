/**
 * Search module for AGNTCY Directory instances: the catalog collator's
 * documents of Directory instances carry their trust domain, federation
 * profile, cluster and base domain in the searchable text.
 *
 * @packageDocumentation
 */
export { searchModuleDirectoryCollatorTransformer as default } from './module';
export { directoryCollatorEntityTransformer } from './directoryCollatorEntityTransformer';
