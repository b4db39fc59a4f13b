import {
  FEDERATION_PROFILES,
  PUBLIC_AGNTCY_NETWORK,
  isPublicAgntcyNetwork,
  validateBaseDomain,
  validateKubernetesName,
  validateTrustDomain,
} from '@directory-ops/plugin-directory-common';
import { z } from 'zod';
import {
  DEFAULT_RELEASE_VERSION,
  DEPLOYMENT_DEFAULTS,
  INPUT_LIMITS,
  MIN_GLOBAL_RPS,
  MIN_RELEASE_VERSION,
  PUBLIC_NETWORK_PRESET,
  fieldError,
} from '../config';
import { MAX_INSTANCE_NAME_LENGTH, derivedNameProblems } from './layout';
import { readsAsNonString } from './yamlDocument';

/**
 * The input of `directory:deployment:generate`, described once: fields,
 * bounds, defaults and messages. It is the action's input schema (and so
 * its JSON schema), the parser of the handler and of a recorded
 * `directory-spec.yaml`, and the template form follows it (checked by a
 * test). Cross-field rules are refinements whose issues name the field.
 */

const D = DEPLOYMENT_DEFAULTS;
const L = INPUT_LIMITS;

const ENTITY_REF =
  /^(?:(group|user):)?(?:([a-z0-9][a-z0-9-]{0,62})\/)?([A-Za-z0-9][A-Za-z0-9._-]{0,62})$/;
const RELEASE_VERSION = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/;
const GIT_REF = /^(?!.*\.\.)(?!\/)(?!.*\/$)[A-Za-z0-9._/-]+$/;
const REPO_PATH =
  /^(?:\.\/?|(?:\.\/)?[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*\/?)$/;
const CPU = /^(?:\d+m|\d+(?:\.\d+)?)$/;
const MEMORY = /^\d+(?:Ki|Mi|Gi|Ti)$/;
const VAULT_PATH = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const IAM_ROLE_ARN =
  /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/;
const HOSTED_ZONE_ID = /^(?:\/hostedzone\/)?[A-Z0-9]{1,32}$/;
/** A plain https URL: host, optional port and path of unreserved characters. */
const HTTPS_URL =
  /^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]+)*\/?$/;
const REPO_PICKER =
  /^[a-z0-9.-]+(?::\d+)?\?owner=[A-Za-z0-9._-]+&repo=[A-Za-z0-9._-]+$/;
const HTTPS_REPO =
  /^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?\/[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)+\/?$/;
const COUNTRY = /^[A-Z]{2}$/;
const ORGANIZATION = /^[A-Za-z0-9][A-Za-z0-9 .,_-]*$/;
const HTTPS_URL_RULE =
  'must be an https:// URL of a host and a plain path (no credentials, query, spaces, quotes or YAML characters)';

/** Adds the problems of a shared validator as issues of the field. */
function problems(check: (value: string) => string[]) {
  return (value: string, ctx: z.RefinementCtx) => {
    const found = check(value);
    if (found.length > 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: found.join('; ') });
    }
  };
}

/**
 * Refuses a value the charts write into their YAML unquoted and that would
 * then read back as a number, boolean or null (`true`, `010`, `1e3`).
 */
const PLAIN_STRING_RULE =
  'must not read as a number, boolean or null in YAML (such as true, 010 or 1e3): the charts write it unquoted';
function plainString(value: string, ctx: z.RefinementCtx) {
  if (readsAsNonString(value)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: PLAIN_STRING_RULE });
  }
}

/** A Kubernetes DNS-1123 label of at most `max` characters. */
function k8sName(description: string, max = 63) {
  return z
    .string({ description })
    .max(max, `must be at most ${max} characters`)
    .superRefine(problems(v => validateKubernetesName(v, max)));
}

/** A DNS-1123 label that the charts write unquoted into their YAML. */
function chartName(description: string) {
  return k8sName(description).superRefine(plainString);
}

/** An optional field: the template passes `''` for an empty field. */
function optional<T extends z.ZodTypeAny>(schema: T) {
  return z
    .union([z.literal(''), schema])
    .optional()
    .transform(v => (v === '' ? undefined : (v as z.output<T> | undefined)));
}

function bounded(description: string, max: number) {
  return z
    .string({ description })
    .min(1, 'is required and must be a non-empty string')
    .max(max, `must be at most ${max} characters`);
}

function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .replace(/^v/, '')
      .split(/[-+]/)[0]
      .split('.')
      .map(n => Number(n));
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    if (x[i] !== y[i]) {
      return x[i] - y[i];
    }
  }
  return 0;
}

const quantity = (
  description: string,
  fallback: string,
  pattern: RegExp,
  rule: string,
) =>
  z
    .string({ description: `${description}; default ${fallback}` })
    .max(L.quantity, `must be at most ${L.quantity} characters`)
    .regex(pattern, rule)
    .default(fallback);

const sizeRule = 'must be a Kubernetes quantity such as 20Gi';
const cpuRule = 'must be a CPU quantity such as 500m or 2';
const memRule = 'must be a memory quantity such as 1Gi';

const rate = (description: string) =>
  z
    .number({ description })
    .int('must be a whole number')
    .nonnegative('must be a non-negative number')
    .max(L.rate, `must be at most ${L.rate}`);

/** A SPIFFE bundle (JWK set) as JSON text. */
const trustDomainBundle = z
  .string({
    description:
      'Bootstrap bundle of an https_spiffe peer: the JSON of `spire-server bundle show -format spiffe` (public keys only)',
  })
  .max(L.trustDomainBundle, `must be at most ${L.trustDomainBundle} characters`)
  .superRefine((text, ctx) => {
    let bundle: unknown;
    try {
      bundle = JSON.parse(text);
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          'must be the JSON of `spire-server bundle show -format spiffe`',
      });
      return;
    }
    const keys = (bundle as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys) || keys.length === 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          'must be a SPIFFE bundle: a JSON object with a non-empty "keys" list',
      });
    }
  });

const peerObject = z
  .object(
    {
      trustDomain: z
        .string({ description: 'Peer trust domain' })
        .max(
          L.peerTrustDomain,
          `must be at most ${L.peerTrustDomain} characters`,
        )
        // Syntax only: whether a local-only domain is allowed depends on the environment.
        .superRefine(
          problems(v => validateTrustDomain(v, { environment: 'dev' })),
        )
        .refine(v => !v.includes('_'), {
          message:
            'must not contain "_": it becomes part of a Kubernetes object name',
        }),
      bundleEndpointURL: z
        .string({
          description: 'Peer bundle endpoint, e.g. https://spire.partner.com',
        })
        .max(
          L.bundleEndpointURL,
          `must be at most ${L.bundleEndpointURL} characters`,
        )
        .regex(HTTPS_URL, HTTPS_URL_RULE),
      profile: z.enum(FEDERATION_PROFILES, {
        description: 'Peer bundle endpoint profile',
      }),
      endpointSPIFFEID: optional(
        z
          .string({
            description:
              'SPIFFE ID of the peer SPIRE server (https_spiffe only), e.g. spiffe://partner.com/spire/server',
          })
          .max(
            L.endpointSPIFFEID,
            `must be at most ${L.endpointSPIFFEID} characters`,
          ),
      ),
      trustDomainBundle: optional(trustDomainBundle),
    },
    { description: 'A federation peer' },
  )
  .strict()
  .superRefine((peer, ctx) => {
    if (peer.profile === 'https_spiffe') {
      const expected = `spiffe://${peer.trustDomain}/`;
      if (!peer.endpointSPIFFEID) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['endpointSPIFFEID'],
          message:
            'is required for the https_spiffe profile (the SPIFFE ID of the peer SPIRE server)',
        });
      } else if (
        !peer.endpointSPIFFEID.startsWith(expected) ||
        !/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/.test(
          peer.endpointSPIFFEID.slice(expected.length),
        )
      ) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['endpointSPIFFEID'],
          message: `must be a SPIFFE ID in the peer trust domain, e.g. ${expected}spire/server`,
        });
      }
      return;
    }
    for (const key of ['trustDomainBundle', 'endpointSPIFFEID'] as const) {
      if (peer[key]) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [key],
          message: 'is only used with the https_spiffe profile',
        });
      }
    }
  });

/** One entry of `federateWith`: a peer, or the public-network preset. */
const peer = z.union([
  z.literal(PUBLIC_NETWORK_PRESET, {
    description: 'The public AGNTCY network (staging, no SLA)',
  }),
  peerObject,
]);

/** The object schema, before the cross-field rules. */
const fields = z
  .object({
    name: z
      .string({
        description: `Instance name: the catalog entity name and the prefix of every generated name (DNS-1123 label, at most ${MAX_INSTANCE_NAME_LENGTH} characters)`,
      })
      .max(
        MAX_INSTANCE_NAME_LENGTH,
        `must be at most ${MAX_INSTANCE_NAME_LENGTH} characters, so that every name the charts derive from it fits`,
      )
      .superRefine(problems(v => validateKubernetesName(v)))
      .superRefine(problems(derivedNameProblems)),
    environment: k8sName(
      `Environment (DNS-1123 label, at most ${L.environment} characters); a folder of the GitOps paths and a label of the Argo CD apps`,
      L.environment,
    ).default(D.environment),
    owner: z
      .string({
        description:
          'Owner of the instance entity, e.g. group:default/platform',
      })
      .max(L.owner, `must be at most ${L.owner} characters`)
      .regex(
        ENTITY_REF,
        'must be an entity reference such as group:default/platform or platform',
      ),
    trustDomain: z
      .string({
        description:
          'SPIFFE trust domain: lowercase [a-z0-9._-], no scheme or port, globally unique, permanent',
      })
      .max(255, 'must be at most 255 characters')
      .superRefine(plainString),
    baseDomain: z
      .string({
        description:
          'DNS domain under which api., zot., routing., spire. and oidc-discovery.spire. are created',
      })
      .max(232, 'must be at most 232 characters')
      .superRefine(problems(validateBaseDomain)),
    federationProfile: z.enum(FEDERATION_PROFILES, {
      description:
        'SPIFFE bundle endpoint profile: https_web (recommended) or https_spiffe',
    }),
    cluster: z
      .object(
        {
          name: chartName(
            'Cluster name, as in the catalog and the Kubernetes plugin config',
          ),
          server: z
            .string({
              description:
                'API server URL of the cluster as registered in Argo CD',
            })
            .max(
              L.clusterServer,
              `must be at most ${L.clusterServer} characters`,
            )
            .regex(HTTPS_URL, HTTPS_URL_RULE)
            .transform(v => v.replace(/\/$/, '')),
        },
        { description: 'The EKS cluster that runs the instance' },
      )
      .strict(),
    gitops: z
      .object(
        {
          repoUrl: z
            .string({
              description:
                'GitOps repository: an https Git URL or the RepoUrlPicker form github.com?owner=o&repo=r',
            })
            .max(L.repoUrl, `must be at most ${L.repoUrl} characters`)
            .refine(v => REPO_PICKER.test(v) || HTTPS_REPO.test(v), {
              message:
                'must be an https Git URL such as https://github.com/acme/gitops.git or "<host>?owner=<owner>&repo=<repo>" with plain names',
            }),
          targetRevision: z
            .string({ description: 'Branch Argo CD tracks, e.g. main' })
            .min(1, 'is required and must be a non-empty string')
            .max(
              L.targetRevision,
              `must be at most ${L.targetRevision} characters`,
            )
            .regex(
              GIT_REF,
              'must be a branch, tag or commit: letters, digits, ".", "_", "-" and "/"',
            ),
          path: z
            .string({
              description:
                'Folder of the GitOps repository that holds the files ("." for the root)',
            })
            .max(L.gitopsPath, `must be at most ${L.gitopsPath} characters`)
            .regex(
              /^(?!(?:.*\/)?\.\.(?:\/|$))/,
              'must stay inside the repository (no ".." segments)',
            )
            .regex(
              REPO_PATH,
              'must be a relative folder of the repository ("." for the root), without ".." or special characters',
            )
            .default('.'),
        },
        { description: 'Where Argo CD reads the generated files from' },
      )
      .strict(),
    targetPath: bounded(
      'Workspace folder to write the files into; must stay inside the workspace',
      L.targetPath,
    ).default(D.targetPath),
    releaseVersion: z
      .string({
        description: `Directory release to pin charts and images to: ${MIN_RELEASE_VERSION} or later, never "latest"; default ${DEFAULT_RELEASE_VERSION}`,
      })
      .max(L.releaseVersion, `must be at most ${L.releaseVersion} characters`)
      .refine(v => v.toLowerCase() !== 'latest', {
        message: `must be a pinned release such as ${DEFAULT_RELEASE_VERSION}, never "latest"`,
      })
      .refine(v => v.toLowerCase() === 'latest' || RELEASE_VERSION.test(v), {
        message: `must be a release tag such as ${DEFAULT_RELEASE_VERSION}`,
      })
      .refine(
        v =>
          !RELEASE_VERSION.test(v) ||
          compareVersions(v, MIN_RELEASE_VERSION) >= 0,
        {
          message: `must be ${MIN_RELEASE_VERSION} or later: older servers have no store.oci.advertised_registry_address, so peers would be handed the in-cluster Zot address and sync from peers would break`,
        },
      )
      .default(DEFAULT_RELEASE_VERSION),
    storageClass: chartName(
      `StorageClass of every volume; default ${D.storageClass}`,
    ).default(D.storageClass),
    storage: z
      .object(
        {
          routing: quantity(
            'Routing datastore PVC size',
            D.storage.routing,
            MEMORY,
            sizeRule,
          ),
          database: quantity(
            'PostgreSQL volume size',
            D.storage.database,
            MEMORY,
            sizeRule,
          ),
          zot: quantity('Zot volume size', D.storage.zot, MEMORY, sizeRule),
        },
        { description: 'Volume sizes' },
      )
      .strict()
      .default({}),
    resources: z
      .object(
        {
          requests: z
            .object(
              {
                cpu: quantity(
                  'CPU request',
                  D.resources.requests.cpu,
                  CPU,
                  cpuRule,
                ),
                memory: quantity(
                  'Memory request',
                  D.resources.requests.memory,
                  MEMORY,
                  memRule,
                ),
              },
              { description: 'apiserver requests' },
            )
            .strict()
            .default({}),
          limits: z
            .object(
              {
                cpu: quantity(
                  'CPU limit',
                  D.resources.limits.cpu,
                  CPU,
                  cpuRule,
                ),
                memory: quantity(
                  'Memory limit',
                  D.resources.limits.memory,
                  MEMORY,
                  memRule,
                ),
              },
              { description: 'apiserver limits' },
            )
            .strict()
            .default({}),
        },
        { description: 'apiserver resources' },
      )
      .strict()
      .default({}),
    rateLimit: z
      .object(
        {
          globalRps: rate(
            `Global requests per second, at least ${MIN_GLOBAL_RPS}; default ${D.rateLimit.globalRps}`,
          )
            .min(
              MIN_GLOBAL_RPS,
              `must be at least ${MIN_GLOBAL_RPS} requests per second (production guide)`,
            )
            .default(D.rateLimit.globalRps),
          globalBurst: rate(
            'Global burst, at least globalRps; default twice globalRps',
          ).optional(),
          perClientRps: rate(
            `Requests per second per SPIFFE ID; default ${D.rateLimit.perClientRps}`,
          ).default(D.rateLimit.perClientRps),
          perClientBurst: rate(
            `Burst per SPIFFE ID, at least perClientRps; default ${D.rateLimit.perClientBurst}`,
          ).default(D.rateLimit.perClientBurst),
        },
        { description: 'gRPC rate limits' },
      )
      .strict()
      .default({}),
    vault: z
      .object(
        {
          path: z
            .string({
              description: `Vault path holding the Directory secrets; default ${D.vault.path}`,
            })
            .max(L.vaultPath, `must be at most ${L.vaultPath} characters`)
            .regex(
              VAULT_PATH,
              'must be a Vault path of letters, digits, "_", "-", "." and "/"',
            )
            .superRefine(plainString)
            .default(D.vault.path),
          secretStore: chartName(
            `External Secrets store name; default ${D.vault.secretStore}`,
          ).default(D.vault.secretStore),
          secretStoreKind: z
            .enum(['SecretStore', 'ClusterSecretStore'], {
              description: `Kind of the store; default ${D.vault.secretStoreKind}`,
            })
            .default(D.vault.secretStoreKind),
        },
        { description: 'Where External Secrets reads the credentials' },
      )
      .strict()
      .default({}),
    certIssuer: chartName(
      `cert-manager ClusterIssuer for Zot, OIDC discovery and https_web federation; default ${D.certIssuer}`,
    ).default(D.certIssuer),
    zotStorage: z
      .enum(['pvc', 's3'], {
        description: 'Zot blob storage: pvc (default) or s3',
      })
      .default(D.zotStorage),
    zotS3: optional(
      z
        .object(
          {
            bucket: optional(
              z
                .string({ description: 'S3 bucket for Zot blobs' })
                .regex(S3_BUCKET, 'must be an S3 bucket name'),
            ),
            region: optional(
              z
                .string({ description: 'Region of the bucket' })
                .max(
                  L.bucketRegion,
                  `must be at most ${L.bucketRegion} characters`,
                )
                .regex(AWS_REGION, 'must be an AWS region such as eu-west-1'),
            ),
            roleArn: optional(
              z
                .string({
                  description: 'IAM role for the Zot service account (IRSA)',
                })
                .max(L.roleArn, `must be at most ${L.roleArn} characters`)
                .regex(IAM_ROLE_ARN, 'must be an IAM role ARN'),
            ),
          },
          { description: 'S3 settings, required when zotStorage is s3' },
        )
        .strict(),
    ),
    federateWith: z
      .array(peer, {
        description: `Peers to federate with (at most ${L.federationPeers}); "${PUBLIC_NETWORK_PRESET}" adds the public AGNTCY network`,
      })
      .max(L.federationPeers, `must list at most ${L.federationPeers} peers`)
      .default([]),
    federateWithPublicNetwork: z
      .boolean({
        description:
          'Federate with the public AGNTCY network (spire.ads.outshift.io, https_web); a staging network with no SLA',
      })
      .default(false),
    monitoring: z
      .boolean({
        description:
          'Render a ServiceMonitor for the apiserver metrics; needs the Prometheus Operator CRDs on the cluster (default false)',
      })
      .default(D.monitoring),
    spire: z
      .object(
        {
          reuseExisting: z
            .boolean({
              description:
                'Use the SPIRE already running on the cluster instead of deploying one (its trust domain must be this trustDomain); default false',
            })
            .default(D.spire.reuseExisting),
          className: chartName(
            `Class of the SPIRE controller manager that issues the identities; default ${D.spire.className}`,
          ).default(D.spire.className),
          caSubject: z
            .object(
              {
                country: z
                  .string({
                    description: `Country (ISO 3166 alpha-2) of the SPIRE CA subject; default ${D.spire.caSubject.country}`,
                  })
                  .regex(COUNTRY, 'must be two uppercase letters such as US')
                  .refine(v => v !== 'ARPA', {
                    message: 'must not be the chart default',
                  })
                  .default(D.spire.caSubject.country),
                organization: z
                  .string({
                    description: `Organization of the SPIRE CA subject; default ${D.spire.caSubject.organization}`,
                  })
                  .max(
                    L.caOrganization,
                    `must be at most ${L.caOrganization} characters`,
                  )
                  .regex(
                    ORGANIZATION,
                    'may only contain letters, digits, spaces, ".", ",", "_" and "-"',
                  )
                  .refine(v => v !== 'Example', {
                    message: 'must not be the chart default "Example"',
                  })
                  .default(D.spire.caSubject.organization),
              },
              {
                description:
                  'Subject of the SPIRE server CA (the strict production mode refuses the chart defaults); the common name is the trust domain',
              },
            )
            .strict()
            .default({}),
        },
        { description: 'The SPIRE that issues the SVIDs' },
      )
      .strict()
      .default({}),
    route53HostedZoneId: optional(
      z
        .string({
          description:
            'Route53 hosted zone of baseDomain, recorded on the entity for the dns check',
        })
        .max(L.hostedZoneId, `must be at most ${L.hostedZoneId} characters`)
        .regex(
          HOSTED_ZONE_ID,
          'must be a Route53 hosted zone id of uppercase letters and digits',
        ),
    ),
  })
  .strict();

type Fields = z.output<typeof fields>;

function addIssue(
  ctx: z.RefinementCtx,
  path: Array<string | number>,
  message: string,
) {
  ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
}

/** The rules that join several fields. */
function crossFieldRules(input: Fields, ctx: z.RefinementCtx) {
  const trustProblems = validateTrustDomain(input.trustDomain, {
    environment: input.environment,
  });
  if (trustProblems.length > 0) {
    addIssue(ctx, ['trustDomain'], trustProblems.join('; '));
  } else if (isPublicAgntcyNetwork(input.trustDomain)) {
    addIssue(
      ctx,
      ['trustDomain'],
      'belongs to the public AGNTCY network and cannot be reused',
    );
  }

  const { rateLimit } = input;
  if (
    rateLimit.globalBurst !== undefined &&
    rateLimit.globalBurst < rateLimit.globalRps
  ) {
    addIssue(
      ctx,
      ['rateLimit', 'globalBurst'],
      'must be at least rateLimit.globalRps',
    );
  }
  if (rateLimit.perClientBurst < rateLimit.perClientRps) {
    addIssue(
      ctx,
      ['rateLimit', 'perClientBurst'],
      'must be at least rateLimit.perClientRps',
    );
  }

  if (input.zotStorage === 's3') {
    if (!input.zotS3?.bucket) {
      addIssue(
        ctx,
        ['zotS3', 'bucket'],
        'must be an S3 bucket name (required when zotStorage is s3)',
      );
    }
    if (!input.zotS3?.region) {
      addIssue(
        ctx,
        ['zotS3', 'region'],
        'must be an AWS region such as eu-west-1 (required when zotStorage is s3)',
      );
    }
  }

  const seen = new Map<string, number>();
  input.federateWith.forEach((entry, i) => {
    const trustDomain =
      typeof entry === 'string'
        ? PUBLIC_AGNTCY_NETWORK.trustDomain
        : entry.trustDomain;
    const path =
      typeof entry === 'string'
        ? ['federateWith', i]
        : ['federateWith', i, 'trustDomain'];
    if (trustDomain === input.trustDomain) {
      addIssue(ctx, path, 'must differ from the instance trust domain');
    }
    if (seen.has(trustDomain)) {
      addIssue(ctx, path, `lists ${trustDomain} twice`);
    }
    seen.set(trustDomain, i);
    if (typeof entry !== 'string') {
      const localProblems = validateTrustDomain(entry.trustDomain, {
        environment: input.environment,
      });
      if (localProblems.length > 0) {
        addIssue(ctx, path, localProblems.join('; '));
      }
    }
  });
  const publicNetwork =
    input.federateWithPublicNetwork ||
    [...seen.keys()].some(isPublicAgntcyNetwork);
  if (publicNetwork && input.federationProfile !== 'https_web') {
    addIssue(
      ctx,
      ['federationProfile'],
      'must be https_web to federate with the public AGNTCY network',
    );
  }
}

/** The input schema of `directory:deployment:generate`. */
export const deploymentInputSchema = fields.superRefine(crossFieldRules);

/** The input as a template passes it. */
export type DeploymentInput = z.input<typeof deploymentInputSchema>;

/**
 * The checked input with every default applied: what `directory-spec.yaml`
 * records, and itself a valid input.
 */
export type NormalizedDeploymentInput = z.output<typeof deploymentInputSchema>;

function formatPath(path: Array<string | number>): string {
  return path
    .map(p => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

/** The deepest, most specific problem behind an issue. */
function explain(issue: z.ZodIssue): {
  path: Array<string | number>;
  rule: string;
} {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return {
        path: issue.path,
        rule:
          issue.received === 'undefined'
            ? 'is required'
            : `must be a ${issue.expected}, not ${issue.received}`,
      };
    case z.ZodIssueCode.unrecognized_keys:
      return {
        path: issue.path,
        rule: `has unknown field(s) ${issue.keys.join(', ')}`,
      };
    case z.ZodIssueCode.invalid_enum_value:
      return {
        path: issue.path,
        rule: `must be one of ${issue.options.join(', ')}`,
      };
    case z.ZodIssueCode.invalid_union: {
      // A peer: explain the branch that got furthest (the object, unless a string was given).
      const branch = issue.unionErrors
        .map(e => e.issues)
        .find(
          issues =>
            issues.every(
              i =>
                !(
                  i.code === 'invalid_type' &&
                  i.path.length === issue.path.length
                ),
            ) && issues.every(i => i.code !== 'invalid_literal'),
        );
      return branch?.[0]
        ? explain(branch[0])
        : {
            path: issue.path,
            rule: `must be a peer object with trustDomain, bundleEndpointURL and profile, or the preset "${PUBLIC_NETWORK_PRESET}"`,
          };
    }
    default:
      return { path: issue.path, rule: issue.message };
  }
}

/**
 * Every problem of an input, each naming the field and the rule, in the
 * order {@link parseDeploymentInput} meets them; empty for a valid input.
 */
export function deploymentInputProblems(
  input: unknown,
): Array<{ field: string; rule: string }> {
  const result = deploymentInputSchema.safeParse(input);
  if (result.success) {
    return [];
  }
  return result.error.issues.map(issue => {
    const { path, rule } = explain(issue);
    return { field: path.length > 0 ? formatPath(path) : 'input', rule };
  });
}

/**
 * Parses and normalizes an input with {@link deploymentInputSchema}.
 * Throws the `InputError` of the first problem, naming the field and the
 * rule (`Invalid input 'rateLimit.globalRps': must be at least 500 …`).
 */
export function parseDeploymentInput(
  input: unknown,
): NormalizedDeploymentInput {
  const result = deploymentInputSchema.safeParse(input);
  if (!result.success) {
    const { path, rule } = explain(result.error.issues[0]);
    throw fieldError(path.length > 0 ? formatPath(path) : 'input', rule);
  }
  return result.data;
}
