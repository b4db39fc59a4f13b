export { directoryApiRef } from './DirectoryApi';
export type { DirectoryApi } from './DirectoryApi';
export { DirectoryClient } from './DirectoryClient';
