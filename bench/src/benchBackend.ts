import { AddressInfo } from 'node:net';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/** The id under which the directory plugin schedules its poll. */
export const POLL_TASK_ID = 'directory-health-poll';

/** A backend running the plugins under test, reachable over HTTP. */
export interface BenchBackend {
  baseUrl: string;
  /** Runs one poll cycle of the directory plugin and waits for it. */
  pollOnce(): Promise<void>;
  /** Calls an endpoint as a signed-in user; throws on a non-2xx answer. */
  call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Starts a backend with the directory plugin (and, when asked, the
 * Kubernetes plugin's backend), a catalog holding `entities`, and `config`.
 */
export async function startBenchBackend(options: {
  entities: Entity[];
  config: JsonObject;
  withKubernetesPlugin: boolean;
}): Promise<BenchBackend> {
  // Tasks run only when the benchmark triggers them.
  const scheduler = mockServices.scheduler();
  const schedulerFactory = createServiceFactory({
    service: coreServices.scheduler,
    deps: {},
    factory: () => scheduler,
  });
  const features = [
    import('@directory-ops/plugin-directory-backend'),
    catalogServiceMock.factory({ entities: options.entities }),
    mockServices.rootConfig.factory({ data: options.config }),
    schedulerFactory,
    ...(options.withKubernetesPlugin
      ? [import('@backstage/plugin-kubernetes-backend')]
      : []),
  ];
  const backend = await startTestBackend({ features });
  const { port } = backend.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const authorization = mockCredentials.user.header();
  return {
    baseUrl,
    pollOnce: () => scheduler.triggerTask(POLL_TASK_ID),
    async call(method, path, body) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      if (!res.ok) {
        throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
      }
      return JSON.parse(text);
    },
    stop: () => backend.stop(),
  };
}
