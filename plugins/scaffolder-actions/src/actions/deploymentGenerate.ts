import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { FEDERATION_PROFILES } from '@directory-ops/plugin-directory-common';
import fs from 'fs-extra';
import path from 'node:path';
import {
  DEFAULT_RELEASE_VERSION,
  DEPLOYMENT_DEFAULTS,
  MIN_GLOBAL_RPS,
  PUBLIC_NETWORK_PRESET,
  fieldError,
} from '../config';
import { renderDeployment } from '../deployment/render';
import { parseDeploymentInput } from '../deployment/spec';
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
export function createDeploymentGenerateAction() {
  return createTemplateAction({
    id: DEPLOYMENT_GENERATE_ACTION_ID,
    description:
      'Generates the GitOps files (Argo CD + Helm values) of a production AGNTCY Directory deployment',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'Instance name: the catalog entity name, a DNS-1123 label such as acme-directory',
          }),
        environment: z =>
          z
            .string({
              description:
                'Environment (DNS-1123 label, at most 20 characters); names the Argo CD apps dir-<environment>-*',
            })
            .default(DEPLOYMENT_DEFAULTS.environment)
            .optional(),
        owner: z =>
          z.string({
            description:
              'Owner of the instance entity, e.g. group:default/platform',
          }),
        trustDomain: z =>
          z.string({
            description:
              'SPIFFE trust domain: lowercase [a-z0-9._-], no scheme or port, globally unique, permanent',
          }),
        baseDomain: z =>
          z.string({
            description:
              'DNS domain under which api., zot., routing., spire. and oidc-discovery.spire. are created',
          }),
        federationProfile: z =>
          z.enum(FEDERATION_PROFILES, {
            description:
              'SPIFFE bundle endpoint profile: https_web (recommended) or https_spiffe',
          }),
        cluster: z =>
          z.object(
            {
              name: z.string({
                description:
                  'Cluster name, as in the catalog and the Kubernetes plugin config',
              }),
              server: z.string({
                description:
                  'API server URL of the cluster as registered in Argo CD',
              }),
            },
            { description: 'The EKS cluster that runs the instance' },
          ),
        gitops: z =>
          z.object(
            {
              repoUrl: z.string({
                description:
                  'GitOps repository: an https Git URL or the RepoUrlPicker form github.com?owner=o&repo=r',
              }),
              targetRevision: z.string({
                description: 'Branch Argo CD tracks, e.g. main',
              }),
              path: z.string({
                description:
                  'Folder of the GitOps repository that holds the files ("." for the root)',
              }),
            },
            { description: 'Where Argo CD reads the generated files from' },
          ),
        targetPath: z =>
          z
            .string({
              description:
                'Workspace folder to write the files into; must stay inside the workspace',
            })
            .default(DEPLOYMENT_DEFAULTS.targetPath)
            .optional(),
        releaseVersion: z =>
          z
            .string({
              description: `Directory release to pin charts and images to (never "latest"); default ${DEFAULT_RELEASE_VERSION}`,
            })
            .optional(),
        storageClass: z =>
          z
            .string({
              description: `StorageClass of every volume; default ${DEPLOYMENT_DEFAULTS.storageClass}`,
            })
            .optional(),
        storage: z =>
          z
            .object(
              {
                routing: z
                  .string({
                    description: 'Routing datastore PVC size; default 20Gi',
                  })
                  .optional(),
                database: z
                  .string({
                    description: 'PostgreSQL volume size; default 5Gi',
                  })
                  .optional(),
                zot: z
                  .string({ description: 'Zot volume size; default 100Gi' })
                  .optional(),
              },
              { description: 'Volume sizes' },
            )
            .optional(),
        resources: z =>
          z
            .object(
              {
                requests: z
                  .object(
                    {
                      cpu: z
                        .string({ description: 'CPU request; default 500m' })
                        .optional(),
                      memory: z
                        .string({ description: 'Memory request; default 1Gi' })
                        .optional(),
                    },
                    { description: 'apiserver requests' },
                  )
                  .optional(),
                limits: z
                  .object(
                    {
                      cpu: z
                        .string({ description: 'CPU limit; default 2000m' })
                        .optional(),
                      memory: z
                        .string({ description: 'Memory limit; default 4Gi' })
                        .optional(),
                    },
                    { description: 'apiserver limits' },
                  )
                  .optional(),
              },
              { description: 'apiserver resources' },
            )
            .optional(),
        rateLimit: z =>
          z
            .object(
              {
                globalRps: z
                  .number({
                    description: `Global requests per second, at least ${MIN_GLOBAL_RPS}; default ${DEPLOYMENT_DEFAULTS.rateLimit.globalRps}`,
                  })
                  .optional(),
                globalBurst: z
                  .number({
                    description: 'Global burst; default twice globalRps',
                  })
                  .optional(),
                perClientRps: z
                  .number({
                    description:
                      'Requests per second per SPIFFE ID; default 100',
                  })
                  .optional(),
                perClientBurst: z
                  .number({ description: 'Burst per SPIFFE ID; default 200' })
                  .optional(),
              },
              { description: 'gRPC rate limits' },
            )
            .optional(),
        vault: z =>
          z
            .object(
              {
                path: z
                  .string({
                    description: `Vault path holding the Directory secrets; default ${DEPLOYMENT_DEFAULTS.vault.path}`,
                  })
                  .optional(),
                secretStore: z
                  .string({
                    description:
                      'External Secrets store name; default vault-backend',
                  })
                  .optional(),
                secretStoreKind: z
                  .enum(['SecretStore', 'ClusterSecretStore'], {
                    description:
                      'Kind of the store; default ClusterSecretStore',
                  })
                  .optional(),
              },
              { description: 'Where External Secrets reads the credentials' },
            )
            .optional(),
        certIssuer: z =>
          z
            .string({
              description: `cert-manager ClusterIssuer for Zot, OIDC discovery and https_web federation; default ${DEPLOYMENT_DEFAULTS.certIssuer}`,
            })
            .optional(),
        zotStorage: z =>
          z
            .enum(['pvc', 's3'], {
              description: 'Zot blob storage: pvc (default) or s3',
            })
            .optional(),
        zotS3: z =>
          z
            .object(
              {
                bucket: z
                  .string({ description: 'S3 bucket for Zot blobs' })
                  .optional(),
                region: z
                  .string({ description: 'Region of the bucket' })
                  .optional(),
                roleArn: z
                  .string({
                    description: 'IAM role for the Zot service account (IRSA)',
                  })
                  .optional(),
              },
              { description: 'S3 settings, required when zotStorage is s3' },
            )
            .optional(),
        federateWith: z =>
          z
            .array(
              z.union([
                z.literal(PUBLIC_NETWORK_PRESET, {
                  description: 'The public AGNTCY network (staging, no SLA)',
                }),
                z.object(
                  {
                    trustDomain: z.string({ description: 'Peer trust domain' }),
                    bundleEndpointURL: z.string({
                      description:
                        'Peer bundle endpoint, e.g. https://spire.partner.com',
                    }),
                    profile: z.enum(FEDERATION_PROFILES, {
                      description: 'Peer bundle endpoint profile',
                    }),
                    endpointSPIFFEID: z
                      .string({
                        description:
                          'SPIFFE ID of the peer SPIRE server (https_spiffe only)',
                      })
                      .optional(),
                    trustDomainBundle: z
                      .string({
                        description:
                          'Bootstrap bundle of an https_spiffe peer: the JSON of `spire-server bundle show -format spiffe` (public keys only)',
                      })
                      .optional(),
                  },
                  { description: 'A federation peer' },
                ),
              ]),
              {
                description: `Peers to federate with; "${PUBLIC_NETWORK_PRESET}" adds the public AGNTCY network`,
              },
            )
            .optional(),
        federateWithPublicNetwork: z =>
          z
            .boolean({
              description:
                'Federate with the public AGNTCY network (spire.ads.outshift.io, https_web); a staging network with no SLA',
            })
            .optional(),
        route53HostedZoneId: z =>
          z
            .string({
              description:
                'Route53 hosted zone of baseDomain, recorded on the entity for the dns check',
            })
            .optional(),
      },
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
      const spec = parseDeploymentInput(ctx.input);
      const base = toWorkspacePath(
        ctx.workspacePath,
        ctx.input.targetPath ?? DEPLOYMENT_DEFAULTS.targetPath,
      );
      const rendered = renderDeployment(spec);
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
