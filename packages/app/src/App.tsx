import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import directoryPlugin from '@directory-ops/plugin-directory/alpha';
import { navModule } from './modules/nav';

/** The Directory Ops app (new frontend system). */
export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    searchPlugin,
    notificationsPlugin,
    signalsPlugin,
    userSettingsPlugin,
    directoryPlugin,
    navModule,
  ],
});
