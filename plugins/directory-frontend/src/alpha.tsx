import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { DIRECTORY_ENTITY_TYPE } from '@directory-ops/plugin-directory-common';
import StorageIcon from '@material-ui/icons/Storage';
import { directoryApiRef, DirectoryClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The `DirectoryApi` client, `api:directory`.
 * @alpha
 */
export const directoryApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: directoryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DirectoryClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The deployment card on `spec.type: agntcy-directory` entities,
 * `entity-card:directory/deployment`.
 * @alpha
 */
export const directoryDeploymentEntityCard = EntityCardBlueprint.make({
  name: 'deployment',
  params: {
    filter: { kind: 'resource', 'spec.type': DIRECTORY_ENTITY_TYPE },
    loader: () =>
      import('./components/DirectoryDeploymentCard').then(m => (
        <m.DirectoryDeploymentCard />
      )),
  },
});

/**
 * The fleet page at `/directory`, `page:directory`.
 * @alpha
 */
export const directoryFleetPage = PageBlueprint.make({
  params: {
    path: '/directory',
    title: 'Directory fleet',
    icon: <StorageIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/DirectoryFleetPage').then(m => (
        <m.DirectoryFleetContent />
      )),
  },
});

/**
 * The home page at `/`: counts per status and the failing instances,
 * `page:directory/home`.
 * @alpha
 */
export const directoryHomePage = PageBlueprint.make({
  name: 'home',
  params: {
    path: '/',
    loader: () =>
      import('./components/DirectoryHomePage').then(m => (
        <m.DirectoryHomePage />
      )),
  },
});

/**
 * The `TrustDomainPicker` template form field,
 * `scaffolder-form-field:directory/trust-domain-picker`.
 * @alpha
 */
export const trustDomainPickerFormField = FormFieldBlueprint.make({
  name: 'trust-domain-picker',
  params: {
    field: () =>
      import('./components/TrustDomainPicker/formField').then(
        m => m.trustDomainPickerFormField,
      ),
  },
});

/**
 * The Directory plugin for the new frontend system.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'directory',
  title: 'Directory fleet',
  icon: <StorageIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: convertLegacyRouteRef(rootRouteRef),
  },
  extensions: [
    directoryApi,
    directoryDeploymentEntityCard,
    directoryFleetPage,
    directoryHomePage,
    trustDomainPickerFormField,
  ],
});
