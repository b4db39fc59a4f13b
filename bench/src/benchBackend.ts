import http from 'node:http';
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

/**
 * The id of the directory plugin's poll task; each cluster's task is
 * `<id>:<cluster>`.
 */
export const POLL_TASK_ID = 'directory-health-poll';

/** A backend running the plugins under test, reachable over HTTP. */
export interface BenchBackend {
  baseUrl: string;
  /** Runs one poll cycle of the directory plugin and waits for it. */
  pollOnce(): Promise<void>;
  /** Calls an endpoint as a signed-in user; throws on a non-2xx answer. */
  call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown>;
  /**
   * Calls an endpoint as {@link BenchBackend.call} does and reads the whole
   * answer without decoding it, as a load generator does; resolves with its
   * size in bytes.
   */
  time(method: 'GET' | 'POST', path: string, body?: unknown): Promise<number>;
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
  const agent = new http.Agent({ keepAlive: true });
  const getHeaders = { authorization };
  // node:http with keep-alive: the leanest client, the same for every
  // endpoint measured, so it adds the least noise to the latencies.
  const exchange = (
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    onChunk: (chunk: Buffer) => void,
  ) => {
    const payload = body ? JSON.stringify(body) : undefined;
    return new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent,
          headers: payload
            ? {
                authorization,
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
              }
            : getHeaders,
        },
        res => {
          const status = res.statusCode ?? 500;
          if (status >= 300) {
            const chunks: Buffer[] = [];
            res.on('data', chunk => chunks.push(chunk));
            res.on('end', () =>
              reject(
                new Error(
                  `${method} ${path} answered ${status}: ${Buffer.concat(chunks)
                    .toString('utf8')
                    .slice(0, 300)}`,
                ),
              ),
            );
            return;
          }
          res.on('data', onChunk);
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  };
  return {
    baseUrl,
    async pollOnce() {
      // One cycle: every cluster's task at once, as the scheduler starts them.
      const tasks = await scheduler.getScheduledTasks();
      await Promise.all(
        tasks
          .filter(
            t => t.id === POLL_TASK_ID || t.id.startsWith(`${POLL_TASK_ID}:`),
          )
          .map(t => scheduler.triggerTask(t.id)),
      );
    },
    async call(method, path, body) {
      const chunks: Buffer[] = [];
      await exchange(method, path, body, chunk => chunks.push(chunk));
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    },
    async time(method, path, body) {
      let bytes = 0;
      await exchange(method, path, body, chunk => {
        bytes += chunk.length;
      });
      return bytes;
    },
    async stop() {
      agent.destroy();
      await backend.stop();
    },
  };
}
