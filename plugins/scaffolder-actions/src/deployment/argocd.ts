import { CHART_PINS } from '../config';
import { APPS, Layout, SYNC_WAVES } from './layout';
import { DeploymentSpec } from './spec';

/**
 * The Argo CD objects of the dir-staging pattern: an AppProject, an
 * app-of-apps Application and an ApplicationSet that turns each
 * `applications/<app>/<env>/config.json` into an Application.
 */

const ARGOCD_NAMESPACE = 'argocd';
const IN_CLUSTER = 'https://kubernetes.default.svc';

/** The AppProject that confines the environment's applications. */
export function appProject(spec: DeploymentSpec, layout: Layout) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: layout.project, namespace: ARGOCD_NAMESPACE },
    spec: {
      description: `AGNTCY Directory ${spec.name} (${spec.environment})`,
      sourceRepos: [
        spec.gitops.repoUrl,
        CHART_PINS.spire.chart_repo,
        CHART_PINS.raw.chart_repo,
        CHART_PINS.directoryRepo,
      ],
      destinations: [
        ...[...new Set(APPS.map(app => layout.namespace(app)))].map(
          namespace => ({ server: spec.cluster.server, namespace }),
        ),
        { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
      ],
      // SPIRE CRDs, ClusterSPIFFEIDs and ClusterFederatedTrustDomains are cluster-scoped.
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      namespaceResourceWhitelist: [{ group: '*', kind: '*' }],
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
      project: layout.project,
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
  const elements = APPS.map(app => ({
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
                    git(`applications/{{appName}}/${env}/config.json`),
                  ],
                },
              },
            ],
          },
        },
      ],
      template: {
        metadata: {
          name: `{{appName}}-dir-${env}-argoapp`,
          labels: { app: '{{appName}}', env },
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
                releaseName: `{{appName}}-dir-${env}-argoapp`,
                valueFiles: [
                  `$values/${layout.repoPath(
                    `applications/{{appName}}/${env}/values.yaml`,
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
