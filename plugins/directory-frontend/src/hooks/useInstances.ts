import { useApi } from '@backstage/core-plugin-api';
import { InstanceSummary } from '@directory-ops/plugin-directory-common';
import useAsync from 'react-use/esm/useAsync';
import { directoryApiRef } from '../api';
import { useHealthUpdates } from './useHealthUpdates';

/**
 * Loads every Directory instance with its last known status, and reloads
 * when the backend signals a new result (without signals, every 30 seconds).
 * @public
 */
export function useInstances(): {
  instances?: InstanceSummary[];
  loading: boolean;
  error?: Error;
} {
  const directoryApi = useApi(directoryApiRef);
  const updates = useHealthUpdates();
  const { value, loading, error } = useAsync(
    () => directoryApi.listInstances(),
    [directoryApi, updates],
  );
  // Only the first load; later reloads keep showing the last list.
  return { instances: value, loading: loading && !value, error };
}
