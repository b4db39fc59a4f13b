import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { directoryApiRef, DirectoryClient } from './api';
import {
  TRUST_DOMAIN_PICKER_NAME,
  TrustDomainPicker as TrustDomainPickerComponent,
  trustDomainPickerValidation,
} from './components/TrustDomainPicker';
import { rootRouteRef } from './routes';

/**
 * The Directory plugin for apps on the legacy frontend system.
 * @public
 */
export const directoryPlugin = createPlugin({
  id: 'directory',
  apis: [
    createApiFactory({
      api: directoryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DirectoryClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The deployment, federation and health card of a Directory instance.
 * @public
 */
export const EntityDirectoryDeploymentCard: () => JSX.Element =
  directoryPlugin.provide(
    createComponentExtension({
      name: 'EntityDirectoryDeploymentCard',
      component: {
        lazy: () =>
          import('./components/DirectoryDeploymentCard').then(
            m => m.DirectoryDeploymentCard,
          ),
      },
    }),
  );

/**
 * Every Directory instance in one table, worst first.
 * @public
 */
export const DirectoryFleetPage: () => JSX.Element = directoryPlugin.provide(
  createRoutableExtension({
    name: 'DirectoryFleetPage',
    component: () =>
      import('./components/DirectoryFleetPage').then(
        m => m.DirectoryFleetLegacyPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The `TrustDomainPicker` form field for templates
 * (`ui:field: TrustDomainPicker`).
 * @public
 */
export const TrustDomainPickerFieldExtension = directoryPlugin.provide(
  createScaffolderFieldExtension({
    name: TRUST_DOMAIN_PICKER_NAME,
    component: TrustDomainPickerComponent,
    validation: trustDomainPickerValidation,
  }),
);
