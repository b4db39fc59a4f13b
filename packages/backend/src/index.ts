import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: the guest provider for local use; see app-config.production.yaml.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// Catalog, with discovery of Directory instances from the clusters.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@directory-ops/plugin-catalog-backend-module-directory'));
// Logs catalog processing errors, such as malformed Directory annotations.
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// Scaffolder, with GitHub pull requests and the Directory deployment actions.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@directory-ops/plugin-scaffolder-backend-module-directory'),
);

// Permissions: allow-all by default; replace with your own policy.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// Search over the catalog (PostgreSQL engine when the database is PostgreSQL).
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
// Puts the trust domain, profile and cluster of Directory instances into the
// searchable text.
backend.add(import('@directory-ops/plugin-search-backend-module-directory'));

// Directory health polling.
backend.add(import('@directory-ops/plugin-directory-backend'));
// An example of a check added by a module of your own (one file).
backend.add(import('./modules/apiserverRestartsCheck'));

// Notifications (the Directory owner hears when an instance breaks or is ok
// again) and signals (the card and the fleet page update live).
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// MCP server for AI clients, offering the actions of the plugins in
// backend.actions.pluginSources (get-directory-instances, ...).
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Tech Insights with the Directory facts; the checks are in app-config.yaml
// (techInsights.factChecker.checks).
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(
  import('@directory-ops/plugin-tech-insights-backend-module-directory'),
);

backend.start();
