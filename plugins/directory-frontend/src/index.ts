/**
 * Entity card, fleet page and template form field for AGNTCY Directory
 * deployments (legacy frontend system; the new one is at `/alpha`).
 *
 * @packageDocumentation
 */
export {
  directoryPlugin,
  DirectoryFleetPage,
  EntityDirectoryDeploymentCard,
  TrustDomainPickerFieldExtension,
} from './plugin';
export { isDirectoryInstance } from './isDirectoryInstance';
export { directoryApiRef, DirectoryClient } from './api';
export type { DirectoryApi } from './api';
export { useInstanceHealth } from './hooks/useInstanceHealth';
export type { InstanceHealthState } from './hooks/useInstanceHealth';
export { useInstances } from './hooks/useInstances';
export {
  TrustDomainPicker,
  trustDomainPickerValidation,
} from './components/TrustDomainPicker';
export { rootRouteRef } from './routes';
