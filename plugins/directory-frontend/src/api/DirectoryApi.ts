import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  DomainUsage,
  InstanceHealth,
  InstanceHealthHistory,
  InstancesPage,
  InstancesQuery,
} from '@directory-ops/plugin-directory-common';

/**
 * Reads the health of Directory instances from the `directory` backend.
 * @public
 */
export interface DirectoryApi {
  /**
   * One page of the fleet: the instances that match the query, their
   * total, the counts per status and the cursor of the next page.
   */
  listInstances(query?: InstancesQuery): Promise<InstancesPage>;
  /** The last health result of one instance (`unknown` before the first poll). */
  getHealth(entityRef: string): Promise<InstanceHealth>;
  /** Runs the checks of one instance now and returns the new result. */
  refreshHealth(entityRef: string): Promise<InstanceHealth>;
  /** The status transitions of one instance in a window (default the last 24 h), newest first. */
  getHealthHistory(
    entityRef: string,
    window?: { from?: string; to?: string },
  ): Promise<InstanceHealthHistory>;
  /** Which catalog instances already use a trust domain or base domain. */
  getDomainUsage(domains: {
    trustDomain?: string;
    baseDomain?: string;
  }): Promise<DomainUsage>;
}

/**
 * The API reference of {@link DirectoryApi}.
 * @public
 */
export const directoryApiRef = createApiRef<DirectoryApi>().with({
  id: 'plugin.directory.service',
  pluginId: 'directory',
});
