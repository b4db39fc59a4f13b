import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { DirectoryRestClient } from './DirectoryRestClient';
import { examples } from './createGetDirectoryInstanceHealthAction.examples';
import { entityRefInputSchema, instanceHealthSchema } from './schemas';

/**
 * `get-directory-instance-health`: the last health result of one instance,
 * as `GET /api/directory/health` gives it to the caller.
 */
export function createGetDirectoryInstanceHealthAction(options: {
  actionsRegistry: ActionsRegistryService;
  client: DirectoryRestClient;
}) {
  const { actionsRegistry, client } = options;
  actionsRegistry.register({
    name: 'get-directory-instance-health',
    title: 'Get Directory instance health',
    description: `Returns the last health result of one AGNTCY Directory instance: its status and since when, and every check (SVID, API TLS passthrough, dir-admin CronJobs, PVCs, rollout, config drift, DNS, and any added check) with its status, since when, what it found and how to fix it. Before the first poll the status is unknown with no checks. Use refresh-directory-instance-health to run the checks now.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples,
    schema: {
      input: entityRefInputSchema,
      output: instanceHealthSchema,
    },
    action: async ({ input, credentials }) => ({
      output: await client.getHealth(input.entityRef, credentials),
    }),
  });
}
