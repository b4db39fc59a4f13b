import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { createGetDirectoryInstanceHealthAction } from './createGetDirectoryInstanceHealthAction';
import { createGetDirectoryInstancesAction } from './createGetDirectoryInstancesAction';
import { createRefreshDirectoryInstanceHealthAction } from './createRefreshDirectoryInstanceHealthAction';
import type { DirectoryRestClient } from './DirectoryRestClient';

export { DirectoryRestClient } from './DirectoryRestClient';

/** Registers the plugin's actions (for MCP clients and templates). */
export function registerDirectoryActions(options: {
  actionsRegistry: ActionsRegistryService;
  client: DirectoryRestClient;
}) {
  createGetDirectoryInstancesAction(options);
  createGetDirectoryInstanceHealthAction(options);
  createRefreshDirectoryInstanceHealthAction(options);
}
