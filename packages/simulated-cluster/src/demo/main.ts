/**
 * Runs the demo's simulated cluster until SIGINT or SIGTERM:
 * `yarn start:simulated-cluster` in this package.
 */
import { startSimulatedCluster } from './startSimulatedCluster';

async function main() {
  const cluster = await startSimulatedCluster({
    kubernetesPort: process.env.SIMULATED_KUBERNETES_PORT
      ? Number(process.env.SIMULATED_KUBERNETES_PORT)
      : undefined,
  });
  process.stdout.write(`${cluster.summary}\n`);
  const stop = () => {
    cluster.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(
    `simulated cluster failed to start: ${
      error instanceof Error ? error.message : error
    }\n`,
  );
  process.exit(1);
});
