import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  InstanceHealth,
  InstanceHealthHistory,
  InstanceSummary,
} from '@directory-ops/plugin-directory-common';

/**
 * Reads the health of Directory instances from the `directory` backend.
 * @public
 */
export interface DirectoryApi {
  /** Every Directory instance in the catalog with its last known status. */
  listInstances(): Promise<InstanceSummary[]>;
  /** The last health result of one instance (`unknown` before the first poll). */
  getHealth(entityRef: string): Promise<InstanceHealth>;
  /** Runs the checks of one instance now and returns the new result. */
  refreshHealth(entityRef: string): Promise<InstanceHealth>;
  /** The past results of one instance, newest first. */
  getHealthHistory(entityRef: string): Promise<InstanceHealthHistory>;
}

/**
 * The API reference of {@link DirectoryApi}.
 * @public
 */
export const directoryApiRef = createApiRef<DirectoryApi>().with({
  id: 'plugin.directory.service',
  pluginId: 'directory',
});
