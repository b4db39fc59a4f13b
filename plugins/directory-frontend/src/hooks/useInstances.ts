import { useApi } from '@backstage/core-plugin-api';
import { InstanceSummary } from '@directory-ops/plugin-directory-common';
import useAsync from 'react-use/esm/useAsync';
import { directoryApiRef } from '../api';

/**
 * Loads every Directory instance with its last known status.
 * @public
 */
export function useInstances(): {
  instances?: InstanceSummary[];
  loading: boolean;
  error?: Error;
} {
  const directoryApi = useApi(directoryApiRef);
  const { value, loading, error } = useAsync(
    () => directoryApi.listInstances(),
    [directoryApi],
  );
  return { instances: value, loading, error };
}
