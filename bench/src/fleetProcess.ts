/**
 * The simulated fleet in a process of its own, as real clusters are: the
 * backend under measurement then spends no CPU or memory on serving the
 * fakes. Started by {@link startRemoteFleet}; driven over the IPC channel.
 */
import {
  appendSvidLogLines,
  FakeFault,
} from '@directory-ops/simulated-cluster';
import { Fleet, FleetOptions, startFleet } from './fleet';
import { FleetCommand, FleetReply } from './remoteFleet';

function reply(message: FleetReply) {
  process.send?.(message);
}

async function handle(
  fleet: Fleet,
  command: FleetCommand,
): Promise<FleetReply> {
  switch (command.type) {
    case 'reset-stats':
      for (const { api } of fleet.clusters) api.stats.reset();
      return { type: 'done', id: command.id };
    case 'stats': {
      const stats = { requests: 0, logBytesServed: 0, logBytesWritten: 0 };
      for (const { api } of fleet.clusters) {
        stats.requests += api.stats.requests;
        stats.logBytesServed += api.stats.logBytesServed;
        stats.logBytesWritten += api.stats.logBytesWritten;
      }
      return { type: 'stats', id: command.id, stats };
    }
    case 'append-svid-lines':
      for (const { api, seeded } of fleet.seededInstances) {
        appendSvidLogLines(api, seeded, command.outcome);
      }
      return { type: 'done', id: command.id };
    case 'set-fault':
      fleet.clusters[command.cluster].api.setFault(
        command.fault as FakeFault,
        command.options,
      );
      return { type: 'done', id: command.id };
    case 'close':
      await fleet.close();
      return { type: 'done', id: command.id };
    default:
      throw new Error('unknown fleet command');
  }
}

async function main() {
  const options = JSON.parse(process.argv[2]) as FleetOptions;
  const fleet = await startFleet(options);
  process.on('message', (command: FleetCommand) => {
    handle(fleet, command).then(reply, error =>
      reply({ type: 'error', id: command.id, message: String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  reply({
    type: 'ready',
    entities: fleet.entities,
    config: fleet.config,
    clusters: fleet.clusters.map(c => c.name),
  });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
