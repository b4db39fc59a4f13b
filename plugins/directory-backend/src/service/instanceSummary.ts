import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_FEDERATION_PROFILE,
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_NAMESPACE,
  ANNOTATION_TRUST_DOMAIN,
  InstanceSummary,
  isDiscoveredInstanceEntity,
  worstCheck,
} from '@directory-ops/plugin-directory-common';
import type { StoredHealth } from '../database/HealthStore';
import type { StatusSince } from '../database/transitions';

/** One row of `GET /instances`: the entity's facts and its last poll. */
export function toInstanceSummary(
  entity: Entity,
  stored: StoredHealth | undefined,
  since: StatusSince | undefined,
): InstanceSummary {
  const annotations = entity.metadata.annotations ?? {};
  const worst = stored ? worstCheck(stored.checks) : undefined;
  const owner = entity.spec?.owner;
  const status = stored?.status ?? 'unknown';
  return {
    entityRef: stringifyEntityRef(entity),
    title: entity.metadata.title ?? entity.metadata.name,
    trustDomain: annotations[ANNOTATION_TRUST_DOMAIN],
    federationProfile: annotations[ANNOTATION_FEDERATION_PROFILE],
    cluster: annotations[ANNOTATION_KUBERNETES_CLUSTER],
    namespace: annotations[ANNOTATION_NAMESPACE],
    ...(typeof owner === 'string' ? { owner } : {}),
    ...(isDiscoveredInstanceEntity(entity) ? { discovered: true } : {}),
    status,
    checkedAt: stored?.checkedAt,
    ...(stored && since?.status === status ? { since: since.since } : {}),
    worstCheck:
      worst && worst.status !== 'ok'
        ? {
            id: worst.id,
            title: worst.title,
            status: worst.status,
            summary: worst.summary,
          }
        : undefined,
    ...(stored
      ? {
          checks: stored.checks.map(check => ({
            id: check.id,
            title: check.title,
            status: check.status,
            summary: check.summary,
          })),
        }
      : {}),
  };
}
