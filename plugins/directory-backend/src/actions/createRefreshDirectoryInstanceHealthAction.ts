import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { DirectoryRestClient } from './DirectoryRestClient';
import { examples } from './createRefreshDirectoryInstanceHealthAction.examples';
import { entityRefInputSchema, instanceHealthSchema } from './schemas';

/**
 * `refresh-directory-instance-health`: runs the checks of one instance now,
 * as `POST /api/directory/health/refresh` does for the caller.
 */
export function createRefreshDirectoryInstanceHealthAction(options: {
  actionsRegistry: ActionsRegistryService;
  client: DirectoryRestClient;
}) {
  const { actionsRegistry, client } = options;
  actionsRegistry.register({
    name: 'refresh-directory-instance-health',
    title: 'Refresh Directory instance health',
    description: `Runs every health check of one AGNTCY Directory instance now, stores the result and returns it (the same shape as get-directory-instance-health). Needs the directory.instance.refresh permission on the instance. Concurrent refreshes of one instance share one run, and one within directory.refresh.minInterval of the stored result returns that result.`,
    attributes: { readOnly: false, destructive: false, idempotent: true },
    examples,
    schema: {
      input: entityRefInputSchema,
      output: instanceHealthSchema,
    },
    action: async ({ input, credentials }) => ({
      output: await client.refreshHealth(input.entityRef, credentials),
    }),
  });
}
