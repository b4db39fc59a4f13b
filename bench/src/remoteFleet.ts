import { fork } from 'node:child_process';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import type { FakeFault } from '@directory-ops/simulated-cluster';
import type { FleetOptions } from './fleet';

/** What the fakes counted since their counters were last reset. */
export interface FleetStats {
  requests: number;
  logBytesServed: number;
  logBytesWritten: number;
}

/** A command to the fleet process. */
export type FleetCommand = { id: number } & (
  | { type: 'reset-stats' | 'stats' | 'close' }
  | { type: 'append-svid-lines'; outcome: 'success' | 'failure' }
  | {
      type: 'set-fault';
      cluster: number;
      fault: FakeFault;
      options?: { pathPrefix?: string };
    }
);

/** A message from the fleet process. */
export type FleetReply =
  | {
      type: 'ready';
      entities: Entity[];
      config: JsonObject;
      clusters: string[];
    }
  | { type: 'done'; id: number }
  | { type: 'stats'; id: number; stats: FleetStats }
  | { type: 'error'; id: number; message: string };

type Request = FleetCommand extends infer C
  ? C extends { id: number }
    ? Omit<C, 'id'>
    : never
  : never;

/** A simulated fleet running in a child process. */
export interface RemoteFleet {
  entities: Entity[];
  /** `kubernetes` and `directory` config for a backend watching the fleet. */
  config: JsonObject;
  /** Cluster names, in the order `setFault` counts them. */
  clusters: string[];
  resetStats(): Promise<void>;
  stats(): Promise<FleetStats>;
  /** Appends SVID lines to every instance's apiserver log. */
  appendSvidLines(outcome: 'success' | 'failure'): Promise<void>;
  setFault(
    cluster: number,
    fault: FakeFault,
    options?: { pathPrefix?: string },
  ): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the simulated fleet of {@link startFleet} in a child process, so
 * that the process being measured runs the backend alone.
 */
export function startRemoteFleet(options: FleetOptions): Promise<RemoteFleet> {
  const child = fork(
    require.resolve('./fleetProcess'),
    [JSON.stringify(options)],
    {
      // Big fleets hold many fake objects.
      execArgv: [...process.execArgv, '--max-old-space-size=8192'],
    },
  );
  let nextId = 0;
  const pending = new Map<
    number,
    { resolve(reply: FleetReply): void; reject(error: Error): void }
  >();
  const send = (request: Request): Promise<FleetReply> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.send({ ...request, id });
    });
  };
  return new Promise((resolve, reject) => {
    child.once('exit', code => {
      const error = new Error(`the fleet process exited with code ${code}`);
      reject(error);
      for (const p of pending.values()) p.reject(error);
    });
    child.on('message', (message: FleetReply) => {
      if (message.type === 'ready') {
        resolve({
          entities: message.entities,
          config: message.config,
          clusters: message.clusters,
          async resetStats() {
            await send({ type: 'reset-stats' });
          },
          async stats() {
            const reply = await send({ type: 'stats' });
            if (reply.type !== 'stats') throw new Error('no stats');
            return reply.stats;
          },
          async appendSvidLines(outcome) {
            await send({ type: 'append-svid-lines', outcome });
          },
          async setFault(cluster, fault, faultOptions) {
            await send({
              type: 'set-fault',
              cluster,
              fault,
              options: faultOptions,
            });
          },
          async close() {
            await send({ type: 'close' });
            child.disconnect();
          },
        });
        return;
      }
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.type === 'error') {
        waiting?.reject(new Error(message.message));
      } else {
        waiting?.resolve(message);
      }
    });
  });
}
