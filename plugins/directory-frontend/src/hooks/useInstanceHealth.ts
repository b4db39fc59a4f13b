import { useApi } from '@backstage/core-plugin-api';
import { InstanceHealth } from '@directory-ops/plugin-directory-common';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { directoryApiRef } from '../api';

/**
 * The health of one instance, and a way to run its checks now.
 * @public
 */
export interface InstanceHealthState {
  health?: InstanceHealth;
  loading: boolean;
  /** The backend could not be reached or answered with an error. */
  error?: Error;
  refresh: () => Promise<InstanceHealth>;
  refreshing: boolean;
  refreshError?: Error;
}

/**
 * Loads the health of an instance; after a refresh it holds the new result.
 * @public
 */
export function useInstanceHealth(entityRef: string): InstanceHealthState {
  const directoryApi = useApi(directoryApiRef);
  const loaded = useAsync(
    () => directoryApi.getHealth(entityRef),
    [directoryApi, entityRef],
  );
  const [refreshed, refresh] = useAsyncFn(
    () => directoryApi.refreshHealth(entityRef),
    [directoryApi, entityRef],
  );
  return {
    health: refreshed.value ?? loaded.value,
    loading: loaded.loading,
    error: loaded.error,
    refresh,
    refreshing: refreshed.loading,
    refreshError: refreshed.error,
  };
}
