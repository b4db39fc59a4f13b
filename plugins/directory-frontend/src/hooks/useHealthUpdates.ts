import { useSignal } from '@backstage/plugin-signals-react';
import {
  DIRECTORY_HEALTH_SIGNAL_CHANNEL,
  DirectoryHealthSignal,
} from '@directory-ops/plugin-directory-common';
import { useEffect, useRef, useState } from 'react';

/** How often health is reloaded when the app has no signals. */
export const HEALTH_POLL_INTERVAL_MS = 30_000;

/** Signals that arrive within this time cause one reload. */
export const HEALTH_SIGNAL_THROTTLE_MS = 1_000;

/**
 * A number that grows whenever health shown on screen may be stale: when the
 * backend signals a new result (for `entityRef`, or for any instance without
 * it), at most once per {@link HEALTH_SIGNAL_THROTTLE_MS}; or, when the app
 * has no signals, every {@link HEALTH_POLL_INTERVAL_MS}. Put it in the
 * dependencies of the load.
 */
export function useHealthUpdates(entityRef?: string): number {
  const { lastSignal, isSignalsAvailable } = useSignal<DirectoryHealthSignal>(
    DIRECTORY_HEALTH_SIGNAL_CHANNEL,
  );
  const [revision, setRevision] = useState(0);
  const pending = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => {
    if (!lastSignal || (entityRef && lastSignal.entityRef !== entityRef)) {
      return;
    }
    if (pending.current === undefined) {
      pending.current = setTimeout(() => {
        pending.current = undefined;
        setRevision(r => r + 1);
      }, HEALTH_SIGNAL_THROTTLE_MS);
    }
  }, [lastSignal, entityRef]);

  useEffect(() => () => clearTimeout(pending.current), []);

  useEffect(() => {
    if (isSignalsAvailable) {
      return undefined;
    }
    const timer = setInterval(
      () => setRevision(r => r + 1),
      HEALTH_POLL_INTERVAL_MS,
    );
    return () => clearInterval(timer);
  }, [isSignalsAvailable]);

  return revision;
}
