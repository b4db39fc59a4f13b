import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_BASE_DOMAIN,
  ANNOTATION_TRUST_DOMAIN,
  DomainUsage,
} from '@directory-ops/plugin-directory-common';

function normalize(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

function domainParameter(
  query: Record<string, unknown>,
  name: 'trustDomain' | 'baseDomain',
): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') {
    return undefined;
  }
  if (typeof value !== 'string' || value.length > 255) {
    throw new InputError(
      `Query parameter ${name} must be a single domain of at most 255 characters`,
    );
  }
  return normalize(value);
}

/**
 * `GET /domains/usage`: which catalog instances already use a trust domain
 * or a base domain, so the template can refuse a taken one while the user
 * types.
 */
export function domainUsage(
  entities: Entity[],
  query: Record<string, unknown>,
): DomainUsage {
  const trustDomain = domainParameter(query, 'trustDomain');
  const baseDomain = domainParameter(query, 'baseDomain');
  if (trustDomain === undefined && baseDomain === undefined) {
    throw new InputError(
      'Give query parameter trustDomain, baseDomain or both',
    );
  }
  const usedBy = (annotation: string, value: string) =>
    entities
      .filter(entity => {
        const annotated = entity.metadata.annotations?.[annotation];
        return annotated !== undefined && normalize(annotated) === value;
      })
      .map(entity => ({
        entityRef: stringifyEntityRef(entity),
        title: entity.metadata.title ?? entity.metadata.name,
      }));
  return {
    ...(trustDomain !== undefined
      ? {
          trustDomain: {
            value: trustDomain,
            usedBy: usedBy(ANNOTATION_TRUST_DOMAIN, trustDomain),
          },
        }
      : {}),
    ...(baseDomain !== undefined
      ? {
          baseDomain: {
            value: baseDomain,
            usedBy: usedBy(ANNOTATION_BASE_DOMAIN, baseDomain),
          },
        }
      : {}),
  };
}
