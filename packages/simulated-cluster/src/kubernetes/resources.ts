/**
 * The API resources the fake Kubernetes API serves.
 */

/** One served resource type. */
export interface ApiResource {
  /** `''` for the core group. */
  group: string;
  version: string;
  /** Plural path segment, e.g. `pods`. */
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Custom resources keep `kind`/`apiVersion` on list items, built-ins do not. */
  custom?: boolean;
}

const NAMESPACED = true;
const CLUSTER = false;

function servedResource(
  groupVersionText: string,
  plural: string,
  kind: string,
  namespaced: boolean,
  custom = false,
): ApiResource {
  const [group, version] = groupVersionText.includes('/')
    ? groupVersionText.split('/')
    : ['', groupVersionText];
  return {
    group,
    version,
    plural,
    kind,
    namespaced,
    ...(custom ? { custom } : {}),
  };
}

/** What is served: what the Directory checks and the Kubernetes plugin read. */
export const API_RESOURCES: ApiResource[] = [
  servedResource('v1', 'pods', 'Pod', NAMESPACED),
  servedResource('v1', 'services', 'Service', NAMESPACED),
  servedResource('v1', 'configmaps', 'ConfigMap', NAMESPACED),
  servedResource('v1', 'secrets', 'Secret', NAMESPACED),
  servedResource('v1', 'serviceaccounts', 'ServiceAccount', NAMESPACED),
  servedResource(
    'v1',
    'persistentvolumeclaims',
    'PersistentVolumeClaim',
    NAMESPACED,
  ),
  servedResource('v1', 'events', 'Event', NAMESPACED),
  servedResource('v1', 'limitranges', 'LimitRange', NAMESPACED),
  servedResource('v1', 'resourcequotas', 'ResourceQuota', NAMESPACED),
  servedResource('v1', 'namespaces', 'Namespace', CLUSTER),
  servedResource('v1', 'nodes', 'Node', CLUSTER),
  servedResource('v1', 'persistentvolumes', 'PersistentVolume', CLUSTER),
  servedResource('apps/v1', 'deployments', 'Deployment', NAMESPACED),
  servedResource('apps/v1', 'replicasets', 'ReplicaSet', NAMESPACED),
  servedResource('apps/v1', 'statefulsets', 'StatefulSet', NAMESPACED),
  servedResource('apps/v1', 'daemonsets', 'DaemonSet', NAMESPACED),
  servedResource(
    'autoscaling/v2',
    'horizontalpodautoscalers',
    'HorizontalPodAutoscaler',
    NAMESPACED,
  ),
  servedResource('batch/v1', 'cronjobs', 'CronJob', NAMESPACED),
  servedResource('batch/v1', 'jobs', 'Job', NAMESPACED),
  servedResource('networking.k8s.io/v1', 'ingresses', 'Ingress', NAMESPACED),
  servedResource(
    'storage.k8s.io/v1',
    'storageclasses',
    'StorageClass',
    CLUSTER,
  ),
  servedResource('storage.k8s.io/v1', 'csidrivers', 'CSIDriver', CLUSTER),
  servedResource(
    'apiextensions.k8s.io/v1',
    'customresourcedefinitions',
    'CustomResourceDefinition',
    CLUSTER,
  ),
  servedResource(
    'cert-manager.io/v1',
    'clusterissuers',
    'ClusterIssuer',
    CLUSTER,
    true,
  ),
  servedResource(
    'external-secrets.io/v1',
    'clustersecretstores',
    'ClusterSecretStore',
    CLUSTER,
    true,
  ),
  servedResource(
    'external-secrets.io/v1',
    'secretstores',
    'SecretStore',
    NAMESPACED,
    true,
  ),
  servedResource(
    'argoproj.io/v1alpha1',
    'applications',
    'Application',
    NAMESPACED,
    true,
  ),
  servedResource(
    'spire.spiffe.io/v1alpha1',
    'clusterspiffeids',
    'ClusterSPIFFEID',
    CLUSTER,
    true,
  ),
  servedResource(
    'spire.spiffe.io/v1alpha1',
    'clusterfederatedtrustdomains',
    'ClusterFederatedTrustDomain',
    CLUSTER,
    true,
  ),
];

/** `v1` or `<group>/<version>`. */
export function groupVersion(
  resource: Pick<ApiResource, 'group' | 'version'>,
): string {
  return resource.group
    ? `${resource.group}/${resource.version}`
    : resource.version;
}

export function findResource(
  group: string,
  version: string,
  plural: string,
): ApiResource | undefined {
  return API_RESOURCES.find(
    r => r.group === group && r.version === version && r.plural === plural,
  );
}

export function findResourceByKind(kind: string): ApiResource | undefined {
  return API_RESOURCES.find(r => r.kind === kind);
}

/** The answer of `GET /api/v1` or `GET /apis/<group>/<version>`. */
export function apiResourceList(group: string, version: string) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources: API_RESOURCES.filter(
      r => r.group === group && r.version === version,
    ).flatMap(r => [
      {
        name: r.plural,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: ['get', 'list'],
      },
      ...(r.kind === 'Pod'
        ? [
            {
              name: 'pods/log',
              singularName: '',
              namespaced: true,
              kind: 'Pod',
              verbs: ['get'],
            },
          ]
        : []),
    ]),
  };
}

/** The answer of `GET /apis`. */
export function apiGroupList() {
  const groups = [
    ...new Set(API_RESOURCES.filter(r => r.group).map(r => r.group)),
  ];
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map(name => {
      const versions = [
        ...new Set(
          API_RESOURCES.filter(r => r.group === name).map(r => r.version),
        ),
      ].map(version => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions, preferredVersion: versions[0] };
    }),
  };
}
