import { ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';

/**
 * The location prefix of the entities the catalog's discovery provider
 * emits: `directory-provider:<cluster>`.
 * @public
 */
export const DIRECTORY_PROVIDER_LOCATION_PREFIX = 'directory-provider:';

/**
 * Whether the discovery provider found this instance in a cluster, with no
 * catalog file in Git describing it.
 * @public
 */
export function isDiscoveredInstanceEntity(entity: Entity): boolean {
  return (
    entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION]?.startsWith(
      DIRECTORY_PROVIDER_LOCATION_PREFIX,
    ) ?? false
  );
}
