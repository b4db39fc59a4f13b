import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  CHECK_STATUSES,
  INSTANCE_SORT_FIELDS,
  INSTANCES_DEFAULT_LIMIT,
  INSTANCES_MAX_LIMIT,
} from '@directory-ops/plugin-directory-common';
import type { DirectoryRestClient } from './DirectoryRestClient';
import { examples } from './createGetDirectoryInstancesAction.examples';
import { instanceSummarySchema } from './schemas';

/**
 * `get-directory-instances`: the fleet, with the filters, sort and paging of
 * `GET /api/directory/instances`, as the caller may see it.
 */
export function createGetDirectoryInstancesAction(options: {
  actionsRegistry: ActionsRegistryService;
  client: DirectoryRestClient;
}) {
  const { actionsRegistry, client } = options;
  actionsRegistry.register({
    name: 'get-directory-instances',
    title: 'Get Directory instances',
    description: `Lists the AGNTCY Directory instances in the catalog with their last known health: status (ok, warning, error, unknown), since when, the worst check, trust domain, federation profile, cluster, namespace and owner. Worst first by default. Takes the filters of GET /api/directory/instances; pass nextCursor as cursor for the next page.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples,
    schema: {
      input: z =>
        z.object({
          q: z
            .string()
            .max(200)
            .optional()
            .describe(
              'Free text, case-insensitive, over title, trust domain, cluster, namespace and owner',
            ),
          status: z
            .array(z.enum(CHECK_STATUSES))
            .optional()
            .describe('Only instances with one of these statuses'),
          cluster: z
            .array(z.string())
            .optional()
            .describe('Only instances on one of these clusters'),
          profile: z
            .array(z.string())
            .optional()
            .describe(
              'Only instances with one of these federation profiles (https_web, https_spiffe)',
            ),
          owner: z
            .array(z.string())
            .optional()
            .describe('Only instances owned by one of these entity refs'),
          sort: z
            .enum(INSTANCE_SORT_FIELDS)
            .optional()
            .describe('Default status (worst first), then title'),
          order: z.enum(['asc', 'desc']).optional(),
          limit: z
            .number()
            .int()
            .min(1)
            .max(INSTANCES_MAX_LIMIT)
            .optional()
            .describe(`Items per page; default ${INSTANCES_DEFAULT_LIMIT}`),
          cursor: z
            .string()
            .optional()
            .describe('The nextCursor of the previous page'),
        }),
      output: z =>
        z.object({
          items: z.array(instanceSummarySchema(z)),
          totalCount: z.number(),
          nextCursor: z.string().optional(),
          counts: z.record(z.number()),
        }),
    },
    action: async ({ input, credentials }) => ({
      output: await client.listInstances(input, credentials),
    }),
  });
}
