import { Layout, SYNC_WAVES } from './layout';
import { DeploymentSpec } from './spec';
import { chartConfig } from './values';

/**
 * The Argo CD objects of the dir-staging pattern: an AppProject, an
 * app-of-apps Application and an ApplicationSet that turns each
 * `applications/<app>/<env>/config.json` into an Application.
 */

const ARGOCD_NAMESPACE = 'argocd';
const IN_CLUSTER = 'https://kubernetes.default.svc';

/** A kind an AppProject lets its applications manage. */
interface GroupKind {
  group: string;
  kind: string;
}

/** Cluster-scoped kinds the SPIRE apps install (spire-crds and spire). */
const SPIRE_CLUSTER_KINDS: GroupKind[] = [
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  {
    group: 'admissionregistration.k8s.io',
    kind: 'ValidatingWebhookConfiguration',
  },
  { group: 'storage.k8s.io', kind: 'CSIDriver' },
];

/** Cluster-scoped kinds the Directory apps create (identities and federation). */
function directoryClusterKinds(spec: DeploymentSpec): GroupKind[] {
  return [
    // The apps' namespaces, which Argo CD creates (CreateNamespace=true).
    { group: '', kind: 'Namespace' },
    { group: 'spire.spiffe.io', kind: 'ClusterSPIFFEID' },
    ...(spec.peers.length > 0
      ? [{ group: 'spire.spiffe.io', kind: 'ClusterFederatedTrustDomain' }]
      : []),
  ];
}

/** Namespaced kinds the SPIRE apps create. */
function spireNamespacedKinds(spec: DeploymentSpec): GroupKind[] {
  return [
    { group: '', kind: 'ServiceAccount' },
    { group: '', kind: 'ConfigMap' },
    { group: '', kind: 'Service' },
    { group: 'apps', kind: 'StatefulSet' },
    { group: 'apps', kind: 'DaemonSet' },
    { group: 'apps', kind: 'Deployment' },
    { group: 'rbac.authorization.k8s.io', kind: 'Role' },
    { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    { group: 'networking.k8s.io', kind: 'Ingress' },
    // The https_web bundle endpoint's certificate.
    ...(spec.federationProfile === 'https_web'
      ? [{ group: 'cert-manager.io', kind: 'Certificate' }]
      : []),
  ];
}

/** Namespaced kinds the Directory apps create. */
function directoryNamespacedKinds(spec: DeploymentSpec): GroupKind[] {
  return [
    { group: '', kind: 'ServiceAccount' },
    { group: '', kind: 'ConfigMap' },
    { group: '', kind: 'Service' },
    { group: '', kind: 'PersistentVolumeClaim' },
    { group: 'apps', kind: 'Deployment' },
    { group: 'apps', kind: 'StatefulSet' },
    { group: 'batch', kind: 'CronJob' },
    { group: 'networking.k8s.io', kind: 'Ingress' },
    // The bitnami PostgreSQL sub-chart's network policy and disruption budget.
    { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
    { group: 'policy', kind: 'PodDisruptionBudget' },
    { group: 'external-secrets.io', kind: 'ExternalSecret' },
    ...(spec.monitoring
      ? [{ group: 'monitoring.coreos.com', kind: 'ServiceMonitor' }]
      : []),
  ];
}

function unique(kinds: GroupKind[]): GroupKind[] {
  const seen = new Set<string>();
  return kinds.filter(k => {
    const key = `${k.group}/${k.kind}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/** The chart repositories the instance's apps come from. */
export function chartSources(spec: DeploymentSpec, layout: Layout): string[] {
  return [
    ...new Set(layout.apps.map(app => chartConfig(app, spec).chart_repo)),
  ];
}

/**
 * The AppProject of the instance's workloads: only its chart repositories
 * and GitOps repository, only its namespaces on its cluster, and only the
 * kinds the stack deploys.
 */
export function appProject(spec: DeploymentSpec, layout: Layout) {
  const spire = !spec.spire.reuseExisting;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: layout.project, namespace: ARGOCD_NAMESPACE },
    spec: {
      description: `AGNTCY Directory ${spec.name} (${spec.environment}): its apps, namespaces and kinds`,
      sourceRepos: [spec.gitops.repoUrl, ...chartSources(spec, layout)],
      destinations: [
        ...new Set(layout.apps.map(app => layout.namespace(app))),
      ].map(namespace => ({ server: spec.cluster.server, namespace })),
      clusterResourceWhitelist: unique([
        ...(spire ? SPIRE_CLUSTER_KINDS : []),
        ...directoryClusterKinds(spec),
      ]),
      namespaceResourceWhitelist: unique([
        ...(spire ? spireNamespacedKinds(spec) : []),
        ...directoryNamespacedKinds(spec),
      ]),
    },
  };
}

/**
 * The AppProject of the app-of-apps: it reads the instance's ApplicationSet
 * folder and may only write that ApplicationSet into Argo CD's namespace.
 */
export function bootstrapProject(spec: DeploymentSpec, layout: Layout) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: layout.bootstrapProject, namespace: ARGOCD_NAMESPACE },
    spec: {
      description: `AGNTCY Directory ${spec.name} (${spec.environment}): the ApplicationSet only`,
      sourceRepos: [spec.gitops.repoUrl],
      destinations: [{ server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE }],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [
        { group: 'argoproj.io', kind: 'ApplicationSet' },
      ],
    },
  };
}

/** The app-of-apps Application that syncs the ApplicationSet folder. */
export function projectApp(spec: DeploymentSpec, layout: Layout) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: layout.projectApp,
      namespace: ARGOCD_NAMESPACE,
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: layout.bootstrapProject,
      source: {
        repoURL: spec.gitops.repoUrl,
        targetRevision: spec.gitops.targetRevision,
        path: layout.repoPath(layout.paths.appSetDir),
      },
      destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

/** The ApplicationSet: one Application per app, ordered by sync wave. */
export function applicationSet(spec: DeploymentSpec, layout: Layout) {
  const env = spec.environment;
  const elements = layout.apps.map(app => ({
    appName: app,
    namespace: layout.namespace(app),
    syncWave: String(SYNC_WAVES[app]),
  }));
  const git = (path: string) => ({
    git: {
      repoURL: spec.gitops.repoUrl,
      revision: spec.gitops.targetRevision,
      files: [{ path: layout.repoPath(path) }],
    },
  });
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: layout.appSet, namespace: ARGOCD_NAMESPACE },
    spec: {
      syncPolicy: { preserveResourcesOnDeletion: true },
      generators: [
        {
          merge: {
            mergeKeys: ['appName'],
            generators: [
              { list: { elements } },
              {
                matrix: {
                  generators: [
                    { list: { elements } },
                    git(layout.paths.clusterConfig),
                  ],
                },
              },
              {
                matrix: {
                  generators: [
                    { list: { elements } },
                    git(layout.paths.appConfig('{{appName}}')),
                  ],
                },
              },
            ],
          },
        },
      ],
      template: {
        metadata: {
          name: `${spec.name}-{{appName}}`,
          labels: { app: '{{appName}}', env, instance: spec.name },
          annotations: { 'argocd.argoproj.io/sync-wave': '{{syncWave}}' },
        },
        spec: {
          project: layout.project,
          sources: [
            {
              repoURL: '{{chart_repo}}',
              chart: '{{chart_name}}',
              targetRevision: '{{chart_version}}',
              helm: {
                releaseName: `${spec.name}-{{appName}}`,
                valueFiles: [
                  `$values/${layout.repoPath(
                    layout.paths.appValues('{{appName}}'),
                  )}`,
                ],
              },
            },
            {
              repoURL: spec.gitops.repoUrl,
              targetRevision: spec.gitops.targetRevision,
              ref: 'values',
            },
          ],
          destination: {
            server: '{{cluster_address}}',
            namespace: '{{namespace}}',
          },
          syncPolicy: {
            automated: { prune: true, selfHeal: false },
            // An app whose dependencies (CRDs, SPIRE, secrets) are not ready yet retries.
            retry: {
              limit: 10,
              backoff: { duration: '30s', factor: 2, maxDuration: '10m' },
            },
            syncOptions: [
              'CreateNamespace=true',
              'ServerSideApply=true',
              'SkipDryRunOnMissingResource=true',
              'RespectIgnoreDifferences=true',
            ],
          },
        },
      },
    },
  };
}

/** `clusters/dir/<env>/cluster-config.json`, read by the ApplicationSet. */
export function clusterConfig(spec: DeploymentSpec) {
  return {
    cluster_name: spec.cluster.name,
    cluster_address: spec.cluster.server,
  };
}
