import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read an instance's health, history and the fleet list.
 * @public
 */
export const directoryInstanceReadPermission = createPermission({
  name: 'directory.instance.read',
  attributes: { action: 'read' },
});

/**
 * Run the checks of an instance now.
 * @public
 */
export const directoryInstanceRefreshPermission = createPermission({
  name: 'directory.instance.refresh',
  attributes: { action: 'update' },
});

/** @public */
export const directoryPermissions = [
  directoryInstanceReadPermission,
  directoryInstanceRefreshPermission,
];
