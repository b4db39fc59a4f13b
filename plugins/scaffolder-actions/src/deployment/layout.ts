import { DeploymentSpec } from './spec';

/**
 * Names and paths of the dir-staging layout for one environment: Argo CD
 * applications `<app>-dir-<env>-argoapp` (the Helm release names too) in
 * namespaces `dir-<env>-<app>`.
 */

/** The apps of an environment, in sync-wave order. */
export const APPS = [
  'spire-crds',
  'spire',
  'dir-secrets',
  'dir',
  'dir-admin',
] as const;

/** One app of the environment. */
export type AppName = (typeof APPS)[number];

/** Sync wave of each app: SPIRE CRDs, then SPIRE, then the Directory, then dirctl. */
export const SYNC_WAVES: Record<AppName, number> = {
  'spire-crds': 0,
  spire: 1,
  'dir-secrets': 2,
  dir: 3,
  'dir-admin': 4,
};

/** Names derived from the environment. */
export interface Layout {
  project: string;
  projectApp: string;
  appSet: string;
  /** Argo CD application (and Helm release) of an app. */
  release(app: AppName): string;
  namespace(app: AppName): string;
  /** Paths relative to the GitOps folder. */
  paths: {
    project: string;
    projectApp: string;
    appSet: string;
    appSetDir: string;
    clusterConfig: string;
    catalogInfo: string;
    readme: string;
    appConfig(app: AppName): string;
    appValues(app: AppName): string;
  };
  /** Prefixes a path relative to the GitOps folder with that folder. */
  repoPath(path: string): string;
}

/** Builds the {@link Layout} of a deployment. */
export function layoutFor(spec: DeploymentSpec): Layout {
  const env = spec.environment;
  const envName = `dir-${env}`;
  return {
    project: envName,
    projectApp: `${envName}-projectapp`,
    appSet: `${envName}-appset`,
    release: app => `${app}-dir-${env}-argoapp`,
    // The secrets live next to the Directory that reads them.
    namespace: app => `${envName}-${app === 'dir-secrets' ? 'dir' : app}`,
    paths: {
      project: `projects/dir/${env}/${envName}.yaml`,
      projectApp: `projectapps/dir/${env}/${envName}-projectapp.yaml`,
      appSet: `applicationsets/dir/${env}/applicationset.yaml`,
      appSetDir: `applicationsets/dir/${env}`,
      clusterConfig: `clusters/dir/${env}/cluster-config.json`,
      catalogInfo: `clusters/dir/${env}/catalog-info.yaml`,
      readme: `clusters/dir/${env}/README.md`,
      appConfig: app => `applications/${app}/${env}/config.json`,
      appValues: app => `applications/${app}/${env}/values.yaml`,
    },
    repoPath: path => (spec.gitops.path ? `${spec.gitops.path}/${path}` : path),
  };
}
