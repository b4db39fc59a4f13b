import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { DirectoryCheck } from './DirectoryCheck';

/**
 * The interface of {@link directoryChecksExtensionPoint}.
 * @public
 */
export interface DirectoryChecksExtensionPoint {
  /**
   * Adds a check to every poll of every instance. Startup fails when the
   * id is already taken, by a built-in check or another module.
   */
  addCheck(check: DirectoryCheck): void;
}

/**
 * Lets backend modules add health checks to the `directory` plugin.
 * @public
 */
export const directoryChecksExtensionPoint =
  createExtensionPoint<DirectoryChecksExtensionPoint>({
    id: 'directory.checks',
  });
