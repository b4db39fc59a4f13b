import { Entity } from '@backstage/catalog-model';
import { isDirectoryInstanceEntity } from '@directory-ops/plugin-directory-common';

/**
 * Whether the deployment card applies to an entity (a `Resource` of
 * `spec.type: agntcy-directory`); use it with `EntitySwitch.Case if={…}`.
 * @public
 */
export const isDirectoryInstance = (entity: Entity): boolean =>
  isDirectoryInstanceEntity(entity);
