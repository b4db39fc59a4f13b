import { useApi } from '@backstage/core-plugin-api';
import { InstanceHealth } from '@directory-ops/plugin-directory-common';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { directoryApiRef } from '../api';
import { useHealthUpdates } from './useHealthUpdates';

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

/** The later of two results of one instance. */
function newest(
  a: InstanceHealth | undefined,
  b: InstanceHealth | undefined,
): InstanceHealth | undefined {
  if (!a || !b) {
    return a ?? b;
  }
  return (b.checkedAt ?? '') > (a.checkedAt ?? '') ? b : a;
}

/**
 * Loads the health of an instance and reloads it when the backend signals a
 * new result (or, without signals, every 30 seconds); after a refresh it
 * holds the newest result.
 * @public
 */
export function useInstanceHealth(entityRef: string): InstanceHealthState {
  const directoryApi = useApi(directoryApiRef);
  const updates = useHealthUpdates(entityRef);
  const loaded = useAsync(
    () => directoryApi.getHealth(entityRef),
    [directoryApi, entityRef, updates],
  );
  const [refreshed, refresh] = useAsyncFn(
    () => directoryApi.refreshHealth(entityRef),
    [directoryApi, entityRef],
  );
  return {
    health: newest(refreshed.value, loaded.value),
    // Only the first load; later reloads keep showing the last result.
    loading: loaded.loading && !loaded.value,
    error: loaded.error,
    refresh,
    refreshing: refreshed.loading,
    refreshError: refreshed.error,
  };
}
