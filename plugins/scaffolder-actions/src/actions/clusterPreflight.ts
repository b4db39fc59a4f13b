import { InputError, isError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  ClusterApis,
  DirectoryClustersService,
} from '@directory-ops/plugin-directory-node';
import { DEPLOYMENT_DEFAULTS } from '../config';
import { layoutFor } from '../deployment/layout';
import {
  checkPrerequisites,
  unreachable,
  preflightChecklist,
  PreflightRequest,
  PrerequisiteResult,
} from '../preflight/prerequisites';
import { examples } from './clusterPreflight.examples';

/** The action id. @public */
export const CLUSTER_PREFLIGHT_ACTION_ID = 'directory:cluster:preflight';

/**
 * The byte limit of one answer during preflight, above the poll's default:
 * it reads whole CustomResourceDefinitions (cert-manager's ClusterIssuer is
 * several hundred KB, about twice that with kubectl's last-applied
 * annotation), and runs once per template run, not every poll.
 */
const PREFLIGHT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/**
 * Options of {@link createClusterPreflightAction}.
 * @public
 */
export interface ClusterPreflightActionOptions {
  /** Reaches the clusters of `kubernetes.clusterLocatorMethods`. */
  clusters: Pick<DirectoryClustersService, 'connect'>;
}

function hardMissing(checks: PrerequisiteResult[]): PrerequisiteResult[] {
  return checks.filter(c => c.required && c.status === 'missing');
}

/**
 * Creates the `directory:cluster:preflight` action. It reads the target
 * cluster through the Kubernetes API and reports every prerequisite of the
 * production guide as ok, missing or unknown, with the fix. It fails with an
 * `InputError` that lists every missing hard prerequisite. It only reads, so
 * it runs the same in dry run.
 *
 * @public
 */
export function createClusterPreflightAction(
  options: ClusterPreflightActionOptions,
) {
  return createTemplateAction({
    id: CLUSTER_PREFLIGHT_ACTION_ID,
    description:
      'Checks that a cluster meets the prerequisites of a production AGNTCY Directory before the pull request',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: z =>
          z.union(
            [
              z.string(),
              z.object({ name: z.string(), server: z.string().optional() }),
            ],
            {
              description:
                'The target cluster: a name from kubernetes.clusterLocatorMethods, or the generator`s cluster object ({ name, server })',
            },
          ),
        name: z =>
          z.string({
            description:
              'Instance name, as given to directory:deployment:generate; names the target namespaces',
          }),
        environment: z =>
          z
            .string({
              description: `Environment, as given to directory:deployment:generate; default ${DEPLOYMENT_DEFAULTS.environment}`,
            })
            .optional(),
        certIssuer: z =>
          z
            .string({
              description: `cert-manager ClusterIssuer that must be Ready; default ${DEPLOYMENT_DEFAULTS.certIssuer}`,
            })
            .optional(),
        vault: z =>
          z
            .object(
              {
                secretStore: z
                  .string({
                    description: `External Secrets store that must be Ready; default ${DEPLOYMENT_DEFAULTS.vault.secretStore}`,
                  })
                  .optional(),
                secretStoreKind: z
                  .enum(['SecretStore', 'ClusterSecretStore'], {
                    description: `Kind of the store; default ${DEPLOYMENT_DEFAULTS.vault.secretStoreKind}`,
                  })
                  .optional(),
              },
              { description: 'The External Secrets store of the deployment' },
            )
            .optional(),
        storageClass: z =>
          z
            .string({
              description: `StorageClass that must exist, on the EBS CSI driver and encrypted; default ${DEPLOYMENT_DEFAULTS.storageClass}`,
            })
            .optional(),
        monitoring: z =>
          z
            .boolean({
              description:
                'Whether the deployment generates a ServiceMonitor (then the Prometheus Operator CRDs are required); default false',
            })
            .optional(),
        spire: z =>
          z
            .object(
              {
                reuseExisting: z
                  .boolean({
                    description:
                      'Reuse the SPIRE already on the cluster instead of installing one; default false',
                  })
                  .optional(),
              },
              { description: 'SPIRE of the deployment' },
            )
            .optional(),
        namespaces: z =>
          z
            .array(z.string(), {
              description:
                'Namespaces that must not exist yet; default the namespaces the generator creates for name',
            })
            .optional(),
      },
      output: {
        checks: z =>
          z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              status: z.enum(['ok', 'missing', 'unknown']),
              detail: z.string(),
              remediation: z.string(),
              required: z.boolean(),
            }),
            { description: 'Every prerequisite with its status and fix' },
          ),
        ready: z =>
          z.boolean({
            description: 'Whether every required prerequisite is ok',
          }),
        checklist: z =>
          z.string({
            description:
              'The checks as a Markdown checklist for the pull-request body',
          }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const cluster =
        typeof input.cluster === 'string' ? input.cluster : input.cluster.name;
      const environment = input.environment ?? DEPLOYMENT_DEFAULTS.environment;
      const reuseSpire =
        input.spire?.reuseExisting ?? DEPLOYMENT_DEFAULTS.spire.reuseExisting;
      // The namespaces as the generator names them.
      const layout = layoutFor({
        name: input.name,
        environment,
        gitopsPath: '',
        reuseSpire,
      });
      const namespaces = input.namespaces ?? [
        ...new Set(layout.apps.map(app => layout.namespace(app))),
      ];
      let apis: ClusterApis | undefined;
      try {
        apis = await options.clusters.connect(cluster, {
          signal: ctx.signal,
          maxResponseBytes: PREFLIGHT_MAX_RESPONSE_BYTES,
        });
      } catch (error) {
        if (!isError(error) || error.name !== NotFoundError.name) {
          throw error;
        }
        // Not a cluster Backstage can read: nothing is known, nothing is
        // refused; the checklist asks the reviewer to check by hand.
        ctx.logger.warn(
          `Cluster '${cluster}' is not in kubernetes.clusterLocatorMethods: the prerequisites cannot be checked`,
        );
      }
      const request: PreflightRequest = {
        certIssuer: input.certIssuer ?? DEPLOYMENT_DEFAULTS.certIssuer,
        secretStore:
          input.vault?.secretStore ?? DEPLOYMENT_DEFAULTS.vault.secretStore,
        secretStoreKind:
          input.vault?.secretStoreKind ??
          DEPLOYMENT_DEFAULTS.vault.secretStoreKind,
        secretStoreNamespace: layout.namespace('dir'),
        storageClass: input.storageClass ?? DEPLOYMENT_DEFAULTS.storageClass,
        monitoring: input.monitoring ?? DEPLOYMENT_DEFAULTS.monitoring,
        reuseSpire,
        namespaces,
      };
      const checks = apis
        ? await checkPrerequisites(apis, request)
        : unreachable(cluster, request);
      for (const check of checks) {
        ctx.logger.info(
          `${check.status.padEnd(7)} ${check.title}: ${check.detail}`,
        );
      }
      const ready = checks.every(c => !c.required || c.status === 'ok');
      ctx.output('checks', checks);
      ctx.output('ready', ready);
      ctx.output('checklist', preflightChecklist(cluster, checks));

      const blocking = hardMissing(checks);
      if (blocking.length > 0) {
        throw new InputError(
          `Cluster '${cluster}' is missing ${blocking.length} prerequisite${
            blocking.length > 1 ? 's' : ''
          } of a production Directory:\n${blocking
            .map(c => `- ${c.title}: ${c.detail}. Fix: ${c.remediation}`)
            .join('\n')}`,
        );
      }
    },
  });
}
