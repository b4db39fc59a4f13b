import { useApi } from '@backstage/core-plugin-api';
import { InstanceHealthHistory } from '@directory-ops/plugin-directory-common';
import useAsync from 'react-use/esm/useAsync';
import { directoryApiRef } from '../api';

/**
 * The status transitions of an instance over the last `windowMs`; loaded
 * again when `reloadKey` changes (for example after a poll).
 * @public
 */
export function useHealthHistory(
  entityRef: string,
  windowMs: number,
  reloadKey?: string,
): { history?: InstanceHealthHistory; loading: boolean; error?: Error } {
  const directoryApi = useApi(directoryApiRef);
  const { value, loading, error } = useAsync(() => {
    const to = new Date();
    return directoryApi.getHealthHistory(entityRef, {
      from: new Date(to.getTime() - windowMs).toISOString(),
      to: to.toISOString(),
    });
  }, [directoryApi, entityRef, windowMs, reloadKey]);
  return { history: value, loading, error };
}
