import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  directoryHosts,
  FEDERATION_PROFILES,
  isPublicAgntcyNetwork,
  validateBaseDomain,
  validateTrustDomain,
} from '@directory-ops/plugin-directory-common';
import fs from 'fs-extra';
import path from 'node:path';
import { DEPLOYMENT_DEFAULTS, fieldError } from '../config';
import {
  OnboardingEntry,
  onboardingDescription,
  onboardingFileContent,
  onboardingFilePath,
  onboardingTitle,
  PUBLIC_NETWORK_REPOSITORY,
} from '../onboarding/onboardingFile';
import { examples } from './onboardingGenerate.examples';

/** The action id. @public */
export const ONBOARDING_GENERATE_ACTION_ID = 'directory:onboarding:generate';

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/** The bundle as stable JSON; refuses anything but public SPIFFE bundle keys. */
function checkedBundle(text: string): string {
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch {
    throw fieldError(
      'trustDomainBundle',
      'must be the JSON of `spire-server bundle show -format spiffe`',
    );
  }
  const keys = (bundle as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw fieldError(
      'trustDomainBundle',
      'must be a SPIFFE bundle: a JSON object with a non-empty "keys" list',
    );
  }
  if (
    keys.some(
      key =>
        typeof key !== 'object' ||
        key === null ||
        PRIVATE_JWK_MEMBERS.some(member => member in key),
    )
  ) {
    throw fieldError(
      'trustDomainBundle',
      'must hold public keys only (a key has private members such as "d")',
    );
  }
  return JSON.stringify(bundle, null, 2);
}

/**
 * Creates the `directory:onboarding:generate` action. It writes the
 * instance's onboarding file for the public AGNTCY network
 * (`onboarding/federation/<trust-domain>.yaml`, the layout of
 * agntcy/dir-staging) into the workspace, with the pull-request title and
 * body, which say that the public network has no SLA. It supports dry run.
 *
 * @public
 */
export function createOnboardingGenerateAction() {
  return createTemplateAction({
    id: ONBOARDING_GENERATE_ACTION_ID,
    description:
      'Writes the onboarding file that asks the public AGNTCY network (agntcy/dir-staging) to federate with this instance',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        trustDomain: z =>
          z.string({ description: 'SPIFFE trust domain of the instance' }),
        federationProfile: z =>
          z.enum(FEDERATION_PROFILES, {
            description:
              'Bundle endpoint profile of the instance: https_web (what the network asks for) or https_spiffe',
          }),
        baseDomain: z =>
          z
            .string({
              description:
                'Base domain of the instance; the bundle endpoint is https://spire.<baseDomain>',
            })
            .optional(),
        bundleEndpointURL: z =>
          z
            .string({
              description:
                'Bundle endpoint of the instance; default https://spire.<baseDomain>',
            })
            .optional(),
        endpointSPIFFEID: z =>
          z
            .string({
              description:
                'https_spiffe only: SPIFFE ID of the SPIRE server; default spiffe://<trustDomain>/spire/server',
            })
            .optional(),
        trustDomainBundle: z =>
          z
            .string({
              description:
                'https_spiffe only (required): the JSON of `spire-server bundle show -format spiffe` (public keys)',
            })
            .optional(),
        className: z =>
          z
            .string({
              description: `className of the SPIRE controller manager; default ${DEPLOYMENT_DEFAULTS.spire.className}`,
            })
            .optional(),
        targetPath: z =>
          z
            .string({
              description:
                'Workspace folder that stands for the network repository (the sourcePath of its pull request); default .',
            })
            .optional(),
      },
      output: {
        filePath: z =>
          z.string({
            description: 'The written file, relative to the workspace',
          }),
        repoPath: z =>
          z.string({
            description:
              'The file in the network repository: onboarding/federation/<trust-domain>.yaml',
          }),
        content: z => z.string({ description: 'The file content' }),
        title: z =>
          z.string({
            description: 'Pull-request title: federation: add <trust-domain>',
          }),
        description: z =>
          z.string({
            description:
              'Pull-request body; states that the public network has no SLA',
          }),
        repository: z =>
          z.string({ description: 'The public network repository to fork' }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const trustDomainProblems = validateTrustDomain(input.trustDomain);
      if (trustDomainProblems.length > 0) {
        throw fieldError('trustDomain', trustDomainProblems.join('; '));
      }
      if (isPublicAgntcyNetwork(input.trustDomain)) {
        throw fieldError(
          'trustDomain',
          'belongs to the public AGNTCY network itself, which cannot join itself',
        );
      }
      let bundleEndpointURL = input.bundleEndpointURL;
      if (!bundleEndpointURL) {
        if (!input.baseDomain) {
          throw fieldError(
            'bundleEndpointURL',
            'is required when baseDomain is not given',
          );
        }
        const problems = validateBaseDomain(input.baseDomain);
        if (problems.length > 0) {
          throw fieldError('baseDomain', problems.join('; '));
        }
        bundleEndpointURL = `https://${directoryHosts(input.baseDomain).spire}`;
      } else if (
        !/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(bundleEndpointURL)
      ) {
        throw fieldError(
          'bundleEndpointURL',
          'must be an https URL such as https://spire.acme.com',
        );
      }
      const spiffe = input.federationProfile === 'https_spiffe';
      for (const field of ['endpointSPIFFEID', 'trustDomainBundle'] as const) {
        if (!spiffe && input[field]) {
          throw fieldError(field, 'is only used with the https_spiffe profile');
        }
      }
      if (spiffe && !input.trustDomainBundle) {
        throw fieldError(
          'trustDomainBundle',
          'is required for the https_spiffe profile: the network needs it to trust the bundle endpoint',
        );
      }
      const endpointSPIFFEID =
        input.endpointSPIFFEID ?? `spiffe://${input.trustDomain}/spire/server`;
      if (
        spiffe &&
        !endpointSPIFFEID.startsWith(`spiffe://${input.trustDomain}/`)
      ) {
        throw fieldError(
          'endpointSPIFFEID',
          `must be a SPIFFE ID in the trust domain, e.g. spiffe://${input.trustDomain}/spire/server`,
        );
      }
      const entry: OnboardingEntry = {
        className: input.className ?? DEPLOYMENT_DEFAULTS.spire.className,
        trustDomain: input.trustDomain,
        bundleEndpointURL: bundleEndpointURL.replace(/\/$/, ''),
        profile: input.federationProfile,
        ...(spiffe
          ? {
              endpointSPIFFEID,
              trustDomainBundle: checkedBundle(input.trustDomainBundle!),
            }
          : {}),
      };

      const repoPath = onboardingFilePath(entry.trustDomain);
      let absolute: string;
      try {
        absolute = resolveSafeChildPath(
          resolveSafeChildPath(ctx.workspacePath, input.targetPath ?? '.'),
          repoPath,
        );
      } catch {
        throw fieldError('targetPath', 'must stay inside the workspace');
      }
      const content = onboardingFileContent(entry);
      await fs.outputFile(absolute, content, 'utf8');
      const filePath = path
        .relative(ctx.workspacePath, absolute)
        .split(path.sep)
        .join('/');
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: wrote' : 'Wrote'} ${filePath}`,
      );
      ctx.output('filePath', filePath);
      ctx.output('repoPath', repoPath);
      ctx.output('content', content);
      ctx.output('title', onboardingTitle(entry.trustDomain));
      ctx.output('description', onboardingDescription(entry));
      ctx.output('repository', PUBLIC_NETWORK_REPOSITORY);
    },
  });
}
