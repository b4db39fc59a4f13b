import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_TRUST_DOMAIN,
  DIRECTORY_ENTITY_TYPE,
  isPublicAgntcyNetwork,
  validateKubernetesName,
  validateTrustDomain,
} from '@directory-ops/plugin-directory-common';
import { DEPLOYMENT_DEFAULTS, fieldError } from '../config';
import { examples } from './trustDomainValidate.examples';

/** The action id. @public */
export const TRUST_DOMAIN_VALIDATE_ACTION_ID =
  'directory:trust-domain:validate';

/** Options of {@link createTrustDomainValidateAction}. @public */
export interface TrustDomainValidateActionOptions {
  catalog: CatalogService;
}

/**
 * Creates the `directory:trust-domain:validate` action. It applies the SPIFFE
 * trust-domain rules (local-only values such as `example.org` only for
 * `dev`), then asks the catalog, with the initiator's credentials, that no
 * other instance uses the trust domain (it must be globally unique) and that
 * an existing instance of the same name keeps its trust domain (it can never
 * change).
 *
 * @public
 */
export function createTrustDomainValidateAction(
  options: TrustDomainValidateActionOptions,
) {
  const { catalog } = options;
  return createTemplateAction({
    id: TRUST_DOMAIN_VALIDATE_ACTION_ID,
    description:
      'Checks a SPIFFE trust domain for a new Directory instance: syntax, global uniqueness and permanence',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        trustDomain: z =>
          z.string({
            description:
              'SPIFFE trust domain: lowercase [a-z0-9._-], no scheme or port, at most 255 bytes',
          }),
        name: z =>
          z.string({ description: 'Instance name (the catalog entity name)' }),
        environment: z =>
          z
            .string({
              description:
                'Environment; local-only trust domains are allowed only for dev',
            })
            .default(DEPLOYMENT_DEFAULTS.environment)
            .optional(),
      },
      output: {
        trustDomain: z =>
          z.string({ description: 'The validated trust domain' }),
        valid: z => z.boolean({ description: 'True when every rule passed' }),
        existingInstance: z =>
          z
            .string({
              description:
                'Entity ref of the instance of the same name, when it exists already',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { trustDomain, name } = ctx.input;
      const environment =
        ctx.input.environment ?? DEPLOYMENT_DEFAULTS.environment;
      const nameProblems = validateKubernetesName(name);
      if (nameProblems.length > 0) {
        throw fieldError('name', nameProblems.join('; '));
      }
      const envProblems = validateKubernetesName(environment);
      if (envProblems.length > 0) {
        throw fieldError('environment', envProblems.join('; '));
      }
      const problems = validateTrustDomain(trustDomain, { environment });
      if (problems.length > 0) {
        throw fieldError('trustDomain', problems.join('; '));
      }
      if (isPublicAgntcyNetwork(trustDomain)) {
        throw fieldError(
          'trustDomain',
          'belongs to the public AGNTCY network and must be globally unique',
        );
      }

      const { items } = await catalog.getEntities(
        {
          filter: { kind: 'Resource', 'spec.type': DIRECTORY_ENTITY_TYPE },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.annotations',
            'spec.type',
          ],
        },
        { credentials: await ctx.getInitiatorCredentials() },
      );
      const isSelf = (entityName: string) => entityName === name;
      const clash = items.find(
        e =>
          !isSelf(e.metadata.name) &&
          e.metadata.annotations?.[ANNOTATION_TRUST_DOMAIN] === trustDomain,
      );
      if (clash) {
        throw fieldError(
          'trustDomain',
          `must be globally unique, but ${stringifyEntityRef(
            clash,
          )} already uses ${trustDomain}`,
        );
      }
      const existing = items.find(e => isSelf(e.metadata.name));
      const existingTrustDomain =
        existing?.metadata.annotations?.[ANNOTATION_TRUST_DOMAIN];
      if (
        existing &&
        existingTrustDomain &&
        existingTrustDomain !== trustDomain
      ) {
        throw fieldError(
          'trustDomain',
          `can never change: ${stringifyEntityRef(
            existing,
          )} runs with trust domain ${existingTrustDomain}`,
        );
      }

      ctx.logger.info(
        `Trust domain ${trustDomain} is valid for ${name} (${environment})`,
      );
      ctx.output('trustDomain', trustDomain);
      ctx.output('valid', true);
      if (existing) {
        ctx.output('existingInstance', stringifyEntityRef(existing));
      }
    },
  });
}
