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

export const API_RESOURCES: ApiResource[] = [
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
  {
    group: '',
    version: 'v1',
    plural: 'services',
    kind: 'Service',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    plural: 'configmaps',
    kind: 'ConfigMap',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    plural: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    plural: 'events',
    kind: 'Event',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    kind: 'Deployment',
    namespaced: true,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    kind: 'ReplicaSet',
    namespaced: true,
  },
  {
    group: 'batch',
    version: 'v1',
    plural: 'cronjobs',
    kind: 'CronJob',
    namespaced: true,
  },
  {
    group: 'batch',
    version: 'v1',
    plural: 'jobs',
    kind: 'Job',
    namespaced: true,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'ingresses',
    kind: 'Ingress',
    namespaced: true,
  },
  {
    group: 'storage.k8s.io',
    version: 'v1',
    plural: 'storageclasses',
    kind: 'StorageClass',
    namespaced: false,
  },
  {
    group: 'spire.spiffe.io',
    version: 'v1alpha1',
    plural: 'clusterspiffeids',
    kind: 'ClusterSPIFFEID',
    namespaced: false,
    custom: true,
  },
  {
    group: 'spire.spiffe.io',
    version: 'v1alpha1',
    plural: 'clusterfederatedtrustdomains',
    kind: 'ClusterFederatedTrustDomain',
    namespaced: false,
    custom: true,
  },
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
