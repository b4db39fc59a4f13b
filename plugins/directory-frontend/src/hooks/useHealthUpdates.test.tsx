import { TestApiProvider } from '@backstage/test-utils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  DIRECTORY_HEALTH_SIGNAL_CHANNEL,
  InstanceHealth,
} from '@directory-ops/plugin-directory-common';
import { act, renderHook, waitFor } from '@testing-library/react';
import { PropsWithChildren } from 'react';
import { DirectoryApi, directoryApiRef } from '../api';
import { HEALTH_POLL_INTERVAL_MS } from './useHealthUpdates';
import { useInstanceHealth } from './useInstanceHealth';
import { useInstances } from './useInstances';

const entityRef = 'resource:default/acme-prod-directory';

function health(
  status: InstanceHealth['status'],
  checkedAt: string,
): InstanceHealth {
  return { entityRef, status, checkedAt, checks: [] };
}

/** A signal API whose messages the test sends. */
class TestSignals implements SignalApi {
  readonly #subscribers = new Map<string, Set<(message: object) => void>>();

  subscribe<T>(channel: string, onMessage: (message: T) => void) {
    const set = this.#subscribers.get(channel) ?? new Set();
    const callback = onMessage as (message: object) => void;
    set.add(callback);
    this.#subscribers.set(channel, set);
    return { unsubscribe: () => set.delete(callback) };
  }

  send(channel: string, message: object) {
    act(() => this.#subscribers.get(channel)?.forEach(cb => cb(message)));
  }
}

function directoryApi(results: InstanceHealth[]): jest.Mocked<DirectoryApi> {
  const getHealth = jest.fn();
  results.forEach(r => getHealth.mockResolvedValueOnce(r));
  getHealth.mockResolvedValue(results[results.length - 1]);
  const listInstances = jest.fn().mockResolvedValue([]);
  return { getHealth, listInstances } as unknown as jest.Mocked<DirectoryApi>;
}

function wrapper(api: DirectoryApi, signals?: SignalApi) {
  if (!signals) {
    return ({ children }: PropsWithChildren) => (
      <TestApiProvider apis={[[directoryApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
  }
  return ({ children }: PropsWithChildren) => (
    <TestApiProvider
      apis={[
        [directoryApiRef, api],
        [signalApiRef, signals],
      ]}
    >
      {children}
    </TestApiProvider>
  );
}

describe('live health updates', () => {
  afterEach(() => jest.useRealTimers());

  it('reloads the card health when the backend signals a new result for the instance', async () => {
    const api = directoryApi([
      health('ok', '2026-11-30T06:00:00.000Z'),
      health('error', '2026-11-30T06:02:00.000Z'),
    ]);
    const signals = new TestSignals();
    const { result } = renderHook(() => useInstanceHealth(entityRef), {
      wrapper: wrapper(api, signals),
    });
    await waitFor(() => expect(result.current.health?.status).toBe('ok'));

    signals.send(DIRECTORY_HEALTH_SIGNAL_CHANNEL, {
      entityRef: 'resource:default/another-directory',
      checkedAt: '2026-11-30T06:02:00.000Z',
    });
    signals.send(DIRECTORY_HEALTH_SIGNAL_CHANNEL, {
      entityRef,
      checkedAt: '2026-11-30T06:02:00.000Z',
    });
    await waitFor(() => expect(result.current.health?.status).toBe('error'), {
      timeout: 3_000,
    });
    expect(api.getHealth).toHaveBeenCalledTimes(2);
    // The reload keeps the card on screen.
    expect(result.current.loading).toBe(false);
  });

  it('reloads the fleet once for a burst of signals', async () => {
    const api = directoryApi([]);
    const signals = new TestSignals();
    renderHook(() => useInstances(), { wrapper: wrapper(api, signals) });
    await waitFor(() => expect(api.listInstances).toHaveBeenCalledTimes(1));
    for (const name of ['a', 'b', 'c']) {
      signals.send(DIRECTORY_HEALTH_SIGNAL_CHANNEL, {
        entityRef: `resource:default/${name}`,
        checkedAt: '2026-11-30T06:02:00.000Z',
      });
    }
    await waitFor(() => expect(api.listInstances).toHaveBeenCalledTimes(2), {
      timeout: 3_000,
    });
    await new Promise(resolve => setTimeout(resolve, 1_500));
    expect(api.listInstances).toHaveBeenCalledTimes(2);
  });

  it('polls when the app has no signals', async () => {
    jest.useFakeTimers();
    const api = directoryApi([
      health('ok', '2026-11-30T06:00:00.000Z'),
      health('warning', '2026-11-30T06:02:00.000Z'),
    ]);
    const { result } = renderHook(() => useInstanceHealth(entityRef), {
      wrapper: wrapper(api),
    });
    await waitFor(() => expect(result.current.health?.status).toBe('ok'));
    await act(async () => {
      jest.advanceTimersByTime(HEALTH_POLL_INTERVAL_MS);
    });
    await waitFor(() => expect(result.current.health?.status).toBe('warning'));
  });
});
