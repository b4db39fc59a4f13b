import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of catalog entities (`RESOURCE_TYPE_CATALOG_ENTITY` of
 * `@backstage/plugin-catalog-common`). The Directory permissions are
 * permissions on the instance's entity, so a policy can decide them with the
 * catalog's conditional rules, such as `isEntityOwner`.
 * @public
 */
export const DIRECTORY_PERMISSION_RESOURCE_TYPE = 'catalog-entity';

/**
 * Read an instance's health, history and its row in the fleet list.
 * A resource permission on the instance's catalog entity.
 * @public
 */
export const directoryInstanceReadPermission = createPermission({
  name: 'directory.instance.read',
  attributes: { action: 'read' },
  resourceType: DIRECTORY_PERMISSION_RESOURCE_TYPE,
});

/**
 * Run the checks of an instance now.
 * A resource permission on the instance's catalog entity.
 * @public
 */
export const directoryInstanceRefreshPermission = createPermission({
  name: 'directory.instance.refresh',
  attributes: { action: 'update' },
  resourceType: DIRECTORY_PERMISSION_RESOURCE_TYPE,
});

/** @public */
export const directoryPermissions = [
  directoryInstanceReadPermission,
  directoryInstanceRefreshPermission,
];
