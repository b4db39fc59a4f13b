import path from 'node:path';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { planDeployment } from '../deployment/plan';
import { DEPLOYMENT_GENERATE_ACTION_ID } from './deploymentGenerate';
import { examples } from './deploymentPreview.examples';

/** The action name; its id is `scaffolder:preview-directory-deployment`. @public */
export const DEPLOYMENT_PREVIEW_ACTION_NAME = 'preview-directory-deployment';

/**
 * Registers `preview-directory-deployment`, a read-only action for MCP
 * clients: the files `directory:deployment:generate` would write for an
 * input, and the refusals it would give, from the same plan; nothing is
 * written. Other instances are looked up with the caller's credentials.
 *
 * @public
 */
export function createDeploymentPreviewAction(options: {
  actionsRegistry: ActionsRegistryService;
  catalog?: CatalogService;
}) {
  const { actionsRegistry, catalog } = options;
  actionsRegistry.register({
    name: DEPLOYMENT_PREVIEW_ACTION_NAME,
    title: 'Preview a Directory deployment',
    description: `Shows, without writing anything, what the ${DEPLOYMENT_GENERATE_ACTION_ID} scaffolder action would generate for a production AGNTCY Directory: every file (Argo CD apps, Helm values for SPIRE, dir and dirctl, the catalog entity, the README) with its content, or every reason it would refuse the input (each naming the field and the rule, including a trust domain, base domain, namespace or cluster already used by another instance). The input is the action's input, as a template step passes it: name, environment, owner, trustDomain, baseDomain, federationProfile (https_web or https_spiffe), cluster { name, server }, gitops { repoUrl, targetRevision, path }, and optional federateWith, sizing, storage and secrets; list-scaffolder-actions gives its full schema.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples,
    schema: {
      input: z =>
        z.object({
          input: z
            .record(z.unknown())
            .describe(`The input of ${DEPLOYMENT_GENERATE_ACTION_ID}`),
        }),
      output: z =>
        z.object({
          accepted: z
            .boolean()
            .describe(
              `Whether ${DEPLOYMENT_GENERATE_ACTION_ID} would write the files`,
            ),
          refusals: z
            .array(z.object({ field: z.string(), rule: z.string() }))
            .describe('Why it would refuse the input; empty when accepted'),
          entityRef: z
            .string()
            .optional()
            .describe('The catalog entity of the new instance'),
          files: z
            .array(z.object({ path: z.string(), content: z.string() }))
            .describe('The files, relative to the workspace'),
          summary: z
            .string()
            .optional()
            .describe('The pull-request body, in Markdown'),
        }),
    },
    action: async ({ input, credentials }) => {
      const plan = await planDeployment(input.input, { catalog, credentials });
      if (!plan.accepted) {
        return {
          output: { accepted: false, refusals: plan.refusals, files: [] },
        };
      }
      const { input: normalized, rendered } = plan.accepted;
      return {
        output: {
          accepted: true,
          refusals: [],
          entityRef: rendered.entityRef,
          files: rendered.files.map(file => ({
            path: path.posix.join(normalized.targetPath, file.path),
            content: file.content,
          })),
          summary: rendered.summary,
        },
      };
    },
  });
}
