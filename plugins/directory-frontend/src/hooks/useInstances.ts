import { useApi } from '@backstage/core-plugin-api';
import {
  InstancesPage,
  InstancesQuery,
} from '@directory-ops/plugin-directory-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { directoryApiRef } from '../api';
import { useHealthUpdates } from './useHealthUpdates';

/** How often the fleet reloads itself. */
export const FLEET_REFRESH_INTERVAL_MS = 15_000;

/**
 * One page of the fleet for a query. It reloads every `refreshIntervalMs`
 * and keeps showing the previous page while a reload runs, so the page
 * keeps its scroll position and selection.
 * @public
 */
export function useInstances(
  query: InstancesQuery = {},
  options: { refreshIntervalMs?: number } = {},
): {
  page?: InstancesPage;
  loading: boolean;
  error?: Error;
  reload: () => void;
} {
  const directoryApi = useApi(directoryApiRef);
  const key = JSON.stringify(query);
  const [state, setState] = useState<{
    page?: InstancesPage;
    key?: string;
    error?: Error;
  }>({});
  const [tick, setTick] = useState(0);
  const latestRequest = useRef(0);
  // Reloads within a second of a signalled result.
  const updates = useHealthUpdates();

  useEffect(() => {
    const request = ++latestRequest.current;
    directoryApi.listInstances(JSON.parse(key) as InstancesQuery).then(
      page => {
        if (request === latestRequest.current) setState({ page, key });
      },
      error => {
        if (request === latestRequest.current) {
          setState(previous => ({ ...previous, error }));
        }
      },
    );
  }, [directoryApi, key, tick, updates]);

  const interval = options.refreshIntervalMs ?? FLEET_REFRESH_INTERVAL_MS;
  useEffect(() => {
    if (interval <= 0) return undefined;
    const timer = setInterval(() => setTick(t => t + 1), interval);
    return () => clearInterval(timer);
  }, [interval]);

  const reload = useCallback(() => setTick(t => t + 1), []);
  return {
    page: state.page,
    loading: state.key !== key && !state.error,
    error: state.page ? undefined : state.error,
    reload,
  };
}
