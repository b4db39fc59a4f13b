/**
 * Names and paths of one instance's GitOps change. Every name is keyed on
 * the instance name (unique in the catalog), so two instances never share a
 * namespace, Argo CD application, Helm release or GitOps path: the Argo CD
 * application (and Helm release) of an app is `<name>-<app>`, its namespace
 * `<name>-<app>`, and its files live under `<folder>/<environment>/<name>/`.
 */

/** Every app a deployment can have, in sync-wave order. */
export const APPS = [
  'spire-crds',
  'spire',
  'dir-secrets',
  'dir',
  'dir-admin',
] as const;

/** One app of the instance. */
export type AppName = (typeof APPS)[number];

/** The SPIRE apps, left out when the instance reuses the cluster's SPIRE. */
export const SPIRE_APPS: readonly AppName[] = ['spire-crds', 'spire'];

/** Sync wave of each app: SPIRE CRDs, then SPIRE, then the Directory, then dirctl. */
export const SYNC_WAVES: Record<AppName, number> = {
  'spire-crds': 0,
  spire: 1,
  'dir-secrets': 2,
  dir: 3,
  'dir-admin': 4,
};

/**
 * Helm's `fullname` rule, shared by every chart the stack deploys: the
 * release name alone when it already contains the chart name, otherwise
 * `<release>-<chart>`.
 */
export function chartFullname(release: string, chart: string): string {
  return release.includes(chart) ? release : `${release}-${chart}`;
}

/**
 * An object name the charts derive from a release: `fullname(release,
 * chart) + suffix` (or `release + suffix` without a chart), with the limit
 * the API server or the controllers put on it.
 */
export interface DerivedName {
  app: AppName;
  /** The object, for error messages. */
  object: string;
  chart?: string;
  suffix: string;
  limit: number;
}

/** DNS-1123 label: Services, namespaces, label values. */
const LABEL = 63;
/**
 * CronJob (its Jobs add 11 characters) and StatefulSet (its pods'
 * `controller-revision-hash` label adds 11) names.
 */
const CONTROLLER = 52;

/**
 * The longest names the charts derive from each release (dir v1.7.0, dirctl
 * v1.7.0, zot 0.1.122, bitnami postgresql, spire 0.28.4), checked by the
 * rendering tests. The instance name is bounded so that all of them fit.
 */
export const DERIVED_NAMES: readonly DerivedName[] = [
  ...APPS.map(app => ({
    app,
    // The namespace `<name>-<app>` is never longer than the release.
    object: 'the Helm release and Argo CD application (a label value)',
    suffix: '',
    limit: LABEL,
  })),
  {
    app: 'spire',
    object: 'the OIDC discovery provider Service',
    chart: 'spiffe-oidc-discovery-provider',
    suffix: '',
    limit: LABEL,
  },
  {
    app: 'spire',
    object: 'the controller manager webhook Service',
    suffix: '-controller-manager-webhook',
    limit: LABEL,
  },
  {
    app: 'spire',
    object: 'the SPIFFE CSI driver DaemonSet',
    chart: 'spiffe-csi-driver',
    suffix: '',
    limit: LABEL,
  },
  {
    app: 'spire',
    object: 'the SPIRE server StatefulSet',
    chart: 'server',
    suffix: '',
    limit: CONTROLLER,
  },
  {
    app: 'dir',
    object: 'the routing Service',
    chart: 'apiserver',
    suffix: '-routing',
    limit: LABEL,
  },
  {
    app: 'dir',
    object: 'the reconciler Deployment',
    suffix: '-reconciler',
    limit: LABEL,
  },
  {
    app: 'dir',
    object: 'the PostgreSQL StatefulSet',
    chart: 'postgresql',
    suffix: '',
    limit: CONTROLLER,
  },
  {
    app: 'dir',
    object: 'the Zot StatefulSet',
    chart: 'zot',
    suffix: '',
    limit: CONTROLLER,
  },
  {
    app: 'dir-admin',
    object: 'the dirctl search CronJob',
    chart: 'dirctl',
    suffix: '-search',
    limit: CONTROLLER,
  },
];

/** The namespace of an app (the secrets live next to the Directory). */
function namespaceOf(name: string, app: AppName): string {
  return `${name}-${app === 'dir-secrets' ? 'dir' : app}`;
}

function derivedName(name: string, derived: DerivedName): string {
  const release = `${name}-${derived.app}`;
  return `${derived.chart ? chartFullname(release, derived.chart) : release}${
    derived.suffix
  }`;
}

/**
 * The longest instance name for which every derived name fits (the chart
 * names are assumed not to occur in the instance name, the longest case).
 */
export const MAX_INSTANCE_NAME_LENGTH = Math.min(
  ...DERIVED_NAMES.map(d => {
    const sample = derivedName('', d);
    return d.limit - sample.length;
  }),
);

/** Derived names of an instance that exceed their limit, with the rule. */
export function derivedNameProblems(name: string): string[] {
  return DERIVED_NAMES.flatMap(d => {
    const value = derivedName(name, d);
    return value.length > d.limit
      ? [
          `makes ${d.object} "${value}" ${value.length} characters long, over the limit of ${d.limit}`,
        ]
      : [];
  });
}

/** Names and paths derived from the instance. */
export interface Layout {
  /** The apps this instance deploys, in sync-wave order. */
  apps: readonly AppName[];
  /** AppProject of the instance's workloads. */
  project: string;
  /** AppProject of the app-of-apps (it may only write the ApplicationSet). */
  bootstrapProject: string;
  projectApp: string;
  appSet: string;
  /** Argo CD application (and Helm release) of an app. */
  release(app: AppName): string;
  namespace(app: AppName): string;
  /** Helm `fullname` of a chart within an app's release. */
  fullname(app: AppName, chart: string): string;
  /** Paths relative to the GitOps folder. */
  paths: {
    project: string;
    bootstrapProject: string;
    projectApp: string;
    appSet: string;
    appSetDir: string;
    clusterConfig: string;
    catalogInfo: string;
    deploymentSpec: string;
    readme: string;
    appConfig(app: AppName | '{{appName}}'): string;
    appValues(app: AppName | '{{appName}}'): string;
  };
  /** Prefixes a path relative to the GitOps folder with that folder. */
  repoPath(path: string): string;
}

/** What the layout depends on. */
export interface LayoutInput {
  name: string;
  environment: string;
  gitopsPath: string;
  reuseSpire: boolean;
}

/** Builds the {@link Layout} of an instance. */
export function layoutFor(input: LayoutInput): Layout {
  const { name, environment } = input;
  const folder = `${environment}/${name}`;
  const release = (app: AppName) => `${name}-${app}`;
  return {
    apps: input.reuseSpire
      ? APPS.filter(app => !SPIRE_APPS.includes(app))
      : APPS,
    project: `dir-${name}`,
    bootstrapProject: `dir-${name}-bootstrap`,
    projectApp: `dir-${name}-projectapp`,
    appSet: `dir-${name}-appset`,
    release,
    namespace: app => namespaceOf(name, app),
    fullname: (app, chart) => chartFullname(release(app), chart),
    paths: {
      project: `projects/dir/${folder}/project.yaml`,
      bootstrapProject: `projects/dir/${folder}/bootstrap-project.yaml`,
      projectApp: `projectapps/dir/${folder}/projectapp.yaml`,
      appSet: `applicationsets/dir/${folder}/applicationset.yaml`,
      appSetDir: `applicationsets/dir/${folder}`,
      clusterConfig: `clusters/dir/${folder}/cluster-config.json`,
      catalogInfo: `clusters/dir/${folder}/catalog-info.yaml`,
      deploymentSpec: `clusters/dir/${folder}/directory-spec.yaml`,
      readme: `clusters/dir/${folder}/README.md`,
      appConfig: app => `applications/${app}/${folder}/config.json`,
      appValues: app => `applications/${app}/${folder}/values.yaml`,
    },
    repoPath: path => (input.gitopsPath ? `${input.gitopsPath}/${path}` : path),
  };
}
