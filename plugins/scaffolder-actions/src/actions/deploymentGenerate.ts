import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'fs-extra';
import path from 'node:path';
import { fieldError } from '../config';
import { DeploymentInput, deploymentInputSchema } from '../deployment/input';
import { planDeployment } from '../deployment/plan';
import { examples } from './deploymentGenerate.examples';

/** The action id. @public */
export const DEPLOYMENT_GENERATE_ACTION_ID = 'directory:deployment:generate';

function toWorkspacePath(workspacePath: string, targetPath: string): string {
  try {
    return resolveSafeChildPath(workspacePath, targetPath);
  } catch {
    throw fieldError('targetPath', 'must stay inside the workspace');
  }
}

/** Options of {@link createDeploymentGenerateAction}. @public */
export interface DeploymentGenerateActionOptions {
  /**
   * The catalog, asked with the initiator's credentials for the other
   * Directory instances, so a new instance never shares a trust domain,
   * base domain, namespace or cluster (SPIRE) with one of them. Without it
   * nothing is looked up.
   */
  catalog?: CatalogService;
}

/**
 * Creates the `directory:deployment:generate` action. It writes the GitOps
 * change for a production AGNTCY Directory (Argo CD AppProject, app-of-apps,
 * ApplicationSet, chart pins and Helm values for SPIRE, the Directory and
 * dirctl, the catalog entity and a README) into the workspace, and returns
 * the pull-request body. It supports dry run: the files are still written,
 * so the template editor shows them.
 *
 * @public
 */
export function createDeploymentGenerateAction(
  options: DeploymentGenerateActionOptions = {},
) {
  return createTemplateAction({
    id: DEPLOYMENT_GENERATE_ACTION_ID,
    description:
      'Generates the GitOps files (Argo CD + Helm values) of a production AGNTCY Directory deployment',
    examples,
    supportsDryRun: true,
    schema: {
      // The one schema of the input (deployment/input.ts), typed for the
      // scaffolder's own zod copy; the handler parses the raw input with it.
      input: zImpl =>
        deploymentInputSchema as unknown as ReturnType<
          typeof zImpl.custom<DeploymentInput>
        >,
      output: {
        files: z =>
          z.array(z.string(), {
            description: 'Written files, relative to the workspace',
          }),
        entityRef: z =>
          z.string({ description: 'Catalog entity of the new instance' }),
        catalogInfoPath: z =>
          z.string({
            description: 'The catalog-info.yaml, relative to the workspace',
          }),
        catalogInfoUrl: z =>
          z.string({
            description:
              'URL of the catalog-info.yaml once the pull request is merged',
          }),
        hosts: z =>
          z.object(
            {
              api: z.string({ description: 'gRPC API host' }),
              zot: z.string({ description: 'Zot registry host' }),
              routing: z.string({ description: 'P2P routing host' }),
              spire: z.string({ description: 'SPIFFE bundle endpoint host' }),
              oidcDiscovery: z.string({ description: 'OIDC discovery host' }),
            },
            { description: 'The five hosts' },
          ),
        release: z =>
          z.string({
            description: 'Argo CD application and Helm release of dir',
          }),
        namespace: z => z.string({ description: 'Namespace of the Directory' }),
        summary: z =>
          z.string({ description: 'Markdown for the pull-request body' }),
      },
    },
    async handler(ctx) {
      // The same plan as the preview-directory-deployment action's.
      const plan = await planDeployment(ctx.input, {
        catalog: options.catalog,
        credentials: options.catalog
          ? await ctx.getInitiatorCredentials()
          : undefined,
      });
      if (!plan.accepted) {
        const [refusal] = plan.refusals;
        throw fieldError(refusal.field, refusal.rule);
      }
      const { input, rendered } = plan.accepted;
      const { spec } = rendered;
      const base = toWorkspacePath(ctx.workspacePath, input.targetPath);
      // Resolve every path before the first write, so a bad path writes nothing.
      const targets = rendered.files.map(file => ({
        absolute: toWorkspacePath(base, file.path),
        content: file.content,
      }));
      for (const target of targets) {
        await fs.outputFile(target.absolute, target.content, 'utf8');
      }
      const relative = (absolute: string) =>
        path.relative(ctx.workspacePath, absolute).split(path.sep).join('/');
      const files = targets.map(t => relative(t.absolute));
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: wrote' : 'Wrote'} ${
          files.length
        } files for ${rendered.entityRef}`,
      );

      ctx.output('files', files);
      ctx.output('entityRef', rendered.entityRef);
      ctx.output(
        'catalogInfoPath',
        relative(toWorkspacePath(base, rendered.catalogInfoPath)),
      );
      ctx.output(
        'catalogInfoUrl',
        `${spec.gitops.webUrl}/blob/${
          spec.gitops.targetRevision
        }/${rendered.layout.repoPath(rendered.catalogInfoPath)}`,
      );
      ctx.output('hosts', { ...spec.hosts });
      ctx.output('release', rendered.layout.release('dir'));
      ctx.output('namespace', rendered.layout.namespace('dir'));
      ctx.output('summary', rendered.summary);
    },
  });
}
