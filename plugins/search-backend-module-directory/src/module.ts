import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogCollatorExtensionPoint } from '@backstage/plugin-search-backend-module-catalog';
import { directoryCollatorEntityTransformer } from './directoryCollatorEntityTransformer';

/**
 * Search module that makes Directory instances findable by trust domain,
 * federation profile, cluster and base domain. Needs the catalog collator
 * (`@backstage/plugin-search-backend-module-catalog`), whose entity
 * transformer it sets: the collator accepts exactly one.
 *
 * @public
 */
export const searchModuleDirectoryCollatorTransformer = createBackendModule({
  pluginId: 'search',
  moduleId: 'directory-collator-transformer',
  register(reg) {
    reg.registerInit({
      deps: { collator: catalogCollatorExtensionPoint },
      async init({ collator }) {
        collator.setEntityTransformer(directoryCollatorEntityTransformer);
      },
    });
  },
});
