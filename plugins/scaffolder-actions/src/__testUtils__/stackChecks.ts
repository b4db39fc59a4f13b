import yaml from 'yaml';
import { projectGlob } from './argocd';
import { at } from './deployment';
import { KubeObject } from './helm';
import { apiGroup, isBuiltInGroup, schemaProblems } from './kubeSchemas';
import { PrerequisiteKind, RenderedStack } from './renderedStack';

/**
 * The deployability checks of a rendered stack. Each returns the problems
 * it finds as readable lines (`[]` when there are none), naming the app,
 * the object and the field. Used by tests only.
 */

type Located = { app: string; object: KubeObject; namespace?: string };

/** Built-in kinds that are not namespaced. */
const CLUSTER_SCOPED_BUILT_INS = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'scheduling.k8s.io/PriorityClass',
  'networking.k8s.io/IngressClass',
  'node.k8s.io/RuntimeClass',
  'apiregistration.k8s.io/APIService',
  'certificates.k8s.io/CertificateSigningRequest',
]);

function describe(o: KubeObject): string {
  const ns = o.metadata?.namespace ? `${o.metadata.namespace}/` : '';
  return `${o.kind} ${ns}${o.metadata?.name}`;
}

function prerequisite(
  stack: RenderedStack,
  o: KubeObject,
): PrerequisiteKind | undefined {
  const [group, version] = o.apiVersion.split('/');
  return stack.prerequisites.find(
    k => k.group === group && k.version === version && k.kind === o.kind,
  );
}

/** Whether an object's kind is cluster-scoped, by the API server's rules. */
export function isClusterScoped(stack: RenderedStack, o: KubeObject): boolean {
  const group = apiGroup(o.apiVersion);
  if (isBuiltInGroup(group)) {
    return CLUSTER_SCOPED_BUILT_INS.has(`${group}/${o.kind}`);
  }
  const scope =
    stack.crdScopes.get(`${group}/${o.kind}`) ?? prerequisite(stack, o)?.scope;
  return scope === 'Cluster';
}

/** Every object an app applies, with the namespace it lands in. */
export function locatedObjects(stack: RenderedStack): Located[] {
  return stack.apps.flatMap(app =>
    app.objects.map(object => ({
      app: app.name,
      object,
      namespace: isClusterScoped(stack, object)
        ? undefined
        : object.metadata.namespace ?? app.namespace,
    })),
  );
}

/** Apps that helm (or the raw chart) could not render. */
export function renderProblems(stack: RenderedStack): string[] {
  const problems = stack.apps
    .filter(app => !app.result.ok)
    .map(
      app =>
        `${app.name} (${app.chart || 'unresolved'}): ${
          (app.result as { error: string }).error
        }`,
    );
  if (stack.apps.length === 0) {
    problems.push('no Argo CD app with a Helm chart was generated');
  }
  return problems;
}

/** Schema problems of the generated Argo CD objects and every rendered object. */
export async function schemaCheck(stack: RenderedStack): Promise<string[]> {
  const targets: Located[] = [
    // The generated Argo CD objects (catalog-info.yaml is no Kubernetes object).
    ...stack.files
      .filter(f => apiGroup(f.object.apiVersion) === 'argoproj.io')
      .map(f => ({ app: f.path, object: f.object })),
    ...stack.applications
      .filter(a => !stack.files.some(f => f.object === a))
      .map(a => ({ app: 'ApplicationSet', object: a })),
    ...locatedObjects(stack),
  ];
  const problems: string[] = [];
  for (const { app, object } of targets) {
    for (const p of await schemaProblems(object, stack.crds)) {
      problems.push(`${app}: ${describe(object)}: ${p}`);
    }
  }
  return problems;
}

interface ProjectSpec {
  sourceRepos?: string[];
  destinations?: Array<{ server?: string; name?: string; namespace?: string }>;
  clusterResourceWhitelist?: ResourceRule[];
  clusterResourceBlacklist?: ResourceRule[];
  namespaceResourceWhitelist?: ResourceRule[];
  namespaceResourceBlacklist?: ResourceRule[];
}

type ResourceRule = { group: string; kind: string; name?: string };

/** Whether a project rule list names an object's group and kind (and name, when the rule has one). */
function kindListed(
  list: ResourceRule[] | undefined,
  group: string,
  kind: string,
  name: string,
) {
  return (list ?? []).some(
    r =>
      projectGlob(r.group, group) &&
      projectGlob(r.kind, kind) &&
      (r.name === undefined || projectGlob(r.name, name)),
  );
}

function destinationAllowed(
  spec: ProjectSpec,
  server: string,
  namespace: string,
) {
  const allowed = (spec.destinations ?? []).filter(
    d =>
      d.server !== undefined &&
      projectGlob(d.server, server) &&
      projectGlob(d.namespace ?? '', namespace),
  );
  return allowed.length > 0;
}

function objectsOfPathApp(stack: RenderedStack, app: KubeObject) {
  const source = (app.spec as { source?: { path?: string; repoURL?: string } })
    .source;
  if (!source?.path || source.repoURL !== stack.repo.repoUrl) {
    return [];
  }
  return stack.files
    .filter(f => f.path.startsWith(`${source.path}/`))
    .filter(f => !f.path.slice(source.path!.length + 1).includes('/'))
    .map(f => f.object);
}

/**
 * Every object lands where its Application's AppProject lets Argo CD sync
 * it: the destination (server and namespace) is listed, the kind is
 * whitelisted (cluster-scoped kinds in `clusterResourceWhitelist`), and the
 * chart's repository is a source repo.
 */
export function projectCheck(stack: RenderedStack): string[] {
  const problems: string[] = [];
  const projects = new Map(stack.projects.map(p => [p.metadata.name, p]));
  const check = (
    appName: string,
    projectName: string,
    server: string,
    defaultNamespace: string,
    repos: string[],
    objects: KubeObject[],
  ) => {
    const project = projects.get(projectName);
    if (!project) {
      problems.push(`${appName}: project ${projectName} is not generated`);
      return;
    }
    const spec = project.spec as ProjectSpec;
    for (const repo of repos) {
      if (!(spec.sourceRepos ?? []).some(r => projectGlob(r, repo))) {
        problems.push(
          `${appName}: source ${repo} is not in ${projectName}.sourceRepos`,
        );
      }
    }
    if (!destinationAllowed(spec, server, defaultNamespace)) {
      problems.push(
        `${appName}: destination ${server} ${defaultNamespace} is not allowed by ${projectName}`,
      );
    }
    for (const object of objects) {
      const group = apiGroup(object.apiVersion);
      if (isClusterScoped(stack, object)) {
        if (
          !kindListed(
            spec.clusterResourceWhitelist,
            group,
            object.kind,
            object.metadata.name,
          ) ||
          kindListed(
            spec.clusterResourceBlacklist,
            group,
            object.kind,
            object.metadata.name,
          )
        ) {
          problems.push(
            `${appName}: ${describe(object)}: cluster-scoped ${
              group || 'core'
            }/${object.kind} is not in ${projectName}.clusterResourceWhitelist`,
          );
        }
        continue;
      }
      const namespace = object.metadata.namespace ?? defaultNamespace;
      if (!destinationAllowed(spec, server, namespace)) {
        problems.push(
          `${appName}: ${describe(
            object,
          )} lands in namespace ${namespace}, which ${projectName} does not allow`,
        );
      }
      if (
        (spec.namespaceResourceWhitelist &&
          !kindListed(
            spec.namespaceResourceWhitelist,
            group,
            object.kind,
            object.metadata.name,
          )) ||
        kindListed(
          spec.namespaceResourceBlacklist,
          group,
          object.kind,
          object.metadata.name,
        )
      ) {
        problems.push(
          `${appName}: ${describe(object)}: ${group || 'core'}/${
            object.kind
          } is not in ${projectName}.namespaceResourceWhitelist`,
        );
      }
    }
  };
  for (const app of stack.apps) {
    const appSpec = app.application.spec as {
      sources?: Array<{ repoURL: string }>;
      syncPolicy?: { syncOptions?: string[] };
    };
    const refs = (appSpec.sources ?? []).map(s => s.repoURL);
    // With CreateNamespace=true Argo CD creates the destination Namespace,
    // which the project must permit like any cluster-scoped object.
    const managedNamespace: KubeObject[] = (
      appSpec.syncPolicy?.syncOptions ?? []
    ).includes('CreateNamespace=true')
      ? [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: app.namespace },
          },
        ]
      : [];
    check(
      app.name,
      app.project,
      app.server,
      app.namespace,
      [...new Set([app.source.repoURL, ...refs])],
      [...managedNamespace, ...app.objects],
    );
  }
  for (const application of stack.files
    .map(f => f.object)
    .filter(o => o.kind === 'Application')) {
    const spec = application.spec as {
      project: string;
      source?: { repoURL: string; chart?: string };
      destination: { server: string; namespace: string };
    };
    if (spec.source?.chart) {
      continue;
    }
    check(
      application.metadata.name,
      spec.project,
      spec.destination.server,
      spec.destination.namespace,
      spec.source ? [spec.source.repoURL] : [],
      objectsOfPathApp(stack, application),
    );
  }
  return problems;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Name rules of the API server by kind: most names are DNS-1123 subdomains
 * (253); Services and Namespaces are DNS-1123 labels (63); a CronJob name
 * leaves room for the Job suffix (52); a StatefulSet name leaves room for
 * the `controller-revision-hash` label value (`<name>-<hash>`, 63), so 52
 * too; RBAC names are path segments.
 */
function nameProblems(o: KubeObject): string[] {
  const name = String(o.metadata?.name ?? '');
  const group = apiGroup(o.apiVersion);
  if (group === 'rbac.authorization.k8s.io') {
    return /[/%]/.test(name) || name === '.' || name === '..' || name === ''
      ? [`metadata.name "${name}" is not a valid path segment`]
      : [];
  }
  const label = ['/Service', '/Namespace'].includes(`${group}/${o.kind}`);
  let max = label ? 63 : 253;
  if (
    (group === 'batch' && o.kind === 'CronJob') ||
    (group === 'apps' && o.kind === 'StatefulSet')
  ) {
    max = 52;
  }
  const problems: string[] = [];
  if (name.length > max) {
    problems.push(
      `metadata.name "${name}" has ${name.length} characters; ${o.kind} allows ${max}`,
    );
  }
  if (!(label ? DNS_LABEL : DNS_SUBDOMAIN).test(name)) {
    problems.push(
      `metadata.name "${name}" is not a DNS-1123 ${
        label ? 'label' : 'subdomain'
      }`,
    );
  }
  return problems;
}

function labelProblems(labels: unknown, location: string): string[] {
  if (!labels || typeof labels !== 'object') {
    return [];
  }
  const problems: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const [prefix, name] = key.includes('/')
      ? [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)]
      : [undefined, key];
    if (
      name.length > 63 ||
      !LABEL_NAME.test(name) ||
      (prefix !== undefined &&
        (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
    ) {
      problems.push(`${location} key "${key}" is not a valid label key`);
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (typeof value !== 'string') {
      problems.push(
        `${location}["${key}"] is ${JSON.stringify(value)}, not a string`,
      );
    } else if (text.length > 63) {
      problems.push(
        `${location}["${key}"] "${text}" has ${text.length} characters; label values allow 63`,
      );
    } else if (!LABEL_VALUE.test(text)) {
      problems.push(
        `${location}["${key}"] "${text}" is not a valid label value`,
      );
    }
  }
  return problems;
}

/** Label maps anywhere in an object: metadata labels, selectors, templates. */
function labelMaps(value: unknown, location: string): Array<[unknown, string]> {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => labelMaps(v, `${location}[${i}]`));
  }
  if (!value || typeof value !== 'object') {
    return [];
  }
  // A CRD's schema describes label maps; it holds none.
  if (location.endsWith('openAPIV3Schema')) {
    return [];
  }
  return Object.entries(value).flatMap(([k, v]) => {
    const path = location ? `${location}.${k}` : k;
    if (
      (k === 'labels' && location.endsWith('metadata')) ||
      k === 'matchLabels' ||
      (k === 'selector' &&
        location === 'spec' &&
        !(v as { matchLabels?: unknown })?.matchLabels &&
        !(v as { matchExpressions?: unknown })?.matchExpressions)
    ) {
      return [[v, path] as [unknown, string]];
    }
    return labelMaps(v, path);
  });
}

/** Ingress rule and TLS hosts are DNS-1123 subdomains (a leading `*.` allowed). */
function ingressHostProblems(o: KubeObject): string[] {
  const spec = o.spec as IngressSpec;
  const hosts = [
    ...(spec.rules ?? []).map(r => r.host),
    ...(spec.tls ?? []).flatMap(t => t.hosts ?? []),
  ].filter((h): h is string => typeof h === 'string');
  return [...new Set(hosts)]
    .filter(
      h =>
        h.length > 253 ||
        !DNS_SUBDOMAIN.test(h.replace(/^\*\./, '')) ||
        h.split('.').some(label => label.length > 63),
    )
    .map(
      h => `host "${h}" is not a DNS-1123 subdomain of at most 253 characters`,
    );
}

/** Names and label values within the API server's limits. */
export function limitsCheck(stack: RenderedStack): string[] {
  const targets: Located[] = [
    ...stack.applications.map(a => ({ app: 'argocd', object: a })),
    ...stack.projects.map(p => ({ app: 'argocd', object: p })),
    ...locatedObjects(stack),
  ];
  const problems: string[] = [];
  for (const { app, object } of targets) {
    const all = [
      ...nameProblems(object),
      ...labelMaps(object, '').flatMap(([labels, location]) =>
        labelProblems(labels, location),
      ),
    ];
    if (object.kind === 'Ingress') {
      all.push(...ingressHostProblems(object));
    }
    if (
      object.metadata?.namespace &&
      !DNS_LABEL.test(object.metadata.namespace)
    ) {
      all.push(
        `metadata.namespace "${object.metadata.namespace}" is not a DNS-1123 label`,
      );
    }
    if ((object.metadata?.namespace ?? '').length > 63) {
      all.push(
        `metadata.namespace "${object.metadata.namespace}" is longer than 63`,
      );
    }
    problems.push(...all.map(p => `${app}: ${describe(object)}: ${p}`));
  }
  for (const app of stack.apps) {
    if (
      app.namespace &&
      (app.namespace.length > 63 || !DNS_LABEL.test(app.namespace))
    ) {
      problems.push(
        `${app.name}: destination namespace "${app.namespace}" is not a DNS-1123 label of at most 63 characters`,
      );
    }
    if (app.source.releaseName.length > 53) {
      problems.push(
        `${app.name}: Helm release name "${app.source.releaseName}" has ${app.source.releaseName.length} characters; Helm allows 53`,
      );
    }
  }
  return problems;
}

interface IngressSpec {
  ingressClassName?: string;
  tls?: Array<{ hosts?: string[]; secretName?: string }>;
  rules?: Array<{
    host?: string;
    http?: {
      paths: Array<{
        backend: {
          service?: { name: string; port: { number?: number; name?: string } };
        };
      }>;
    };
  }>;
}

const PASSTHROUGH = 'nginx.ingress.kubernetes.io/ssl-passthrough';
const BACKEND_PROTOCOL = 'nginx.ingress.kubernetes.io/backend-protocol';

function ingresses(stack: RenderedStack) {
  return locatedObjects(stack).filter(
    l =>
      l.object.kind === 'Ingress' &&
      apiGroup(l.object.apiVersion) === 'networking.k8s.io',
  );
}

/**
 * The API Ingress (host `api.<baseDomain>`): NGINX SSL passthrough to the
 * apiserver's gRPC TLS port, a TLS entry for the host and no `secretName`
 * (the apiserver presents its SVID), and a backend Service that exists.
 */
export function apiIngressCheck(stack: RenderedStack): string[] {
  const host = (stack.outputs.hosts as { api: string }).api;
  const matches = ingresses(stack).filter(l =>
    ((l.object.spec as IngressSpec).rules ?? []).some(r => r.host === host),
  );
  if (matches.length !== 1) {
    return [`expected one Ingress for ${host}, found ${matches.length}`];
  }
  const [{ app, object, namespace }] = matches;
  const spec = object.spec as IngressSpec;
  const annotations = object.metadata.annotations ?? {};
  const where = `${app}: ${describe(object)}`;
  const problems: string[] = [];
  if (annotations[PASSTHROUGH] !== 'true') {
    problems.push(
      `${where}: annotation ${PASSTHROUGH} is ${JSON.stringify(
        annotations[PASSTHROUGH],
      )}, not "true"`,
    );
  }
  if (annotations[BACKEND_PROTOCOL] !== 'GRPCS') {
    problems.push(
      `${where}: annotation ${BACKEND_PROTOCOL} is ${JSON.stringify(
        annotations[BACKEND_PROTOCOL],
      )}, not "GRPCS"`,
    );
  }
  const className =
    spec.ingressClassName ?? annotations['kubernetes.io/ingress.class'];
  if (className !== 'nginx') {
    problems.push(
      `${where}: ingress class is ${JSON.stringify(className)}, not nginx`,
    );
  }
  const tls = (spec.tls ?? []).filter(t => (t.hosts ?? []).includes(host));
  if (tls.length === 0) {
    problems.push(`${where}: spec.tls has no entry for ${host}`);
  }
  for (const t of tls) {
    if (t.secretName) {
      problems.push(
        `${where}: spec.tls for ${host} names secretName ${t.secretName}; passthrough must not terminate TLS`,
      );
    }
  }
  const services = locatedObjects(stack).filter(
    l => l.object.kind === 'Service' && l.namespace === namespace,
  );
  for (const rule of spec.rules ?? []) {
    for (const p of rule.http?.paths ?? []) {
      const backend = p.backend.service;
      if (!backend) {
        problems.push(`${where}: a path has no service backend`);
        continue;
      }
      const service = services.find(
        s => s.object.metadata.name === backend.name,
      );
      const ports =
        (
          service?.object.spec as {
            ports?: Array<{ port: number; name?: string }>;
          }
        )?.ports ?? [];
      if (!service) {
        problems.push(
          `${where}: backend Service ${backend.name} is not rendered in ${namespace}`,
        );
      } else if (
        !ports.some(
          x =>
            x.port === backend.port.number ||
            (backend.port.name && x.name === backend.port.name),
        )
      ) {
        problems.push(
          `${where}: backend Service ${
            backend.name
          } has no port ${JSON.stringify(backend.port)}`,
        );
      }
    }
  }
  return problems;
}

const CM_CLUSTER_ISSUER = 'cert-manager.io/cluster-issuer';
const CM_ISSUER = 'cert-manager.io/issuer';

/**
 * Every TLS secret an Ingress names has an issuer: a cert-manager
 * annotation on the Ingress (ingress-shim) or a Certificate writing that
 * secret in the Ingress's namespace, whose Issuer is rendered or whose
 * ClusterIssuer is the prerequisite the input names. A TLS host without a
 * secret is only right for SSL passthrough.
 */
export function tlsIssuerCheck(stack: RenderedStack): string[] {
  const problems: string[] = [];
  const located = locatedObjects(stack);
  const certificates = located.filter(
    l =>
      l.object.kind === 'Certificate' &&
      apiGroup(l.object.apiVersion) === 'cert-manager.io',
  );
  const issuers = located.filter(
    l =>
      l.object.kind === 'Issuer' &&
      apiGroup(l.object.apiVersion) === 'cert-manager.io',
  );
  const clusterIssuer = stack.input.certIssuer ?? 'letsencrypt-prod';
  const issuerProblem = (
    where: string,
    kind: string | undefined,
    name: string,
    namespace: string | undefined,
  ) => {
    if ((kind ?? 'Issuer') === 'ClusterIssuer') {
      return name === clusterIssuer
        ? []
        : [
            `${where}: ClusterIssuer ${JSON.stringify(
              name,
            )} is not the prerequisite ClusterIssuer ${JSON.stringify(
              clusterIssuer,
            )}`,
          ];
    }
    return issuers.some(
      i => i.object.metadata.name === name && i.namespace === namespace,
    )
      ? []
      : [`${where}: Issuer ${namespace}/${name} is not rendered`];
  };
  for (const c of certificates) {
    const ref = (
      c.object.spec as { issuerRef: { kind?: string; name: string } }
    ).issuerRef;
    problems.push(
      ...issuerProblem(
        `${c.app}: ${describe(c.object)}`,
        ref.kind,
        ref.name,
        c.namespace,
      ),
    );
  }
  for (const { app, object, namespace } of ingresses(stack)) {
    const annotations = object.metadata.annotations ?? {};
    const where = `${app}: ${describe(object)}`;
    for (const tls of (object.spec as IngressSpec).tls ?? []) {
      if (!tls.secretName) {
        if (annotations[PASSTHROUGH] !== 'true') {
          problems.push(
            `${where}: TLS for ${(tls.hosts ?? []).join(
              ', ',
            )} has no secretName and no SSL passthrough: NGINX would serve its fake certificate`,
          );
        }
        continue;
      }
      if (annotations[CM_CLUSTER_ISSUER]) {
        problems.push(
          ...issuerProblem(
            where,
            'ClusterIssuer',
            annotations[CM_CLUSTER_ISSUER],
            namespace,
          ),
        );
        continue;
      }
      if (annotations[CM_ISSUER]) {
        problems.push(
          ...issuerProblem(where, 'Issuer', annotations[CM_ISSUER], namespace),
        );
        continue;
      }
      const issuedBy = certificates.find(
        c =>
          c.namespace === namespace &&
          (c.object.spec as { secretName?: string }).secretName ===
            tls.secretName,
      );
      if (!issuedBy) {
        problems.push(
          `${where}: TLS secret ${namespace}/${tls.secretName} has no issuer (no cert-manager annotation, no Certificate writes it)`,
        );
      }
    }
  }
  return problems;
}

interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: Array<{
    name: string;
    secret?: {
      secretName: string;
      optional?: boolean;
      items?: Array<{ key: string }>;
    };
    projected?: {
      sources?: Array<{
        secret?: {
          name: string;
          optional?: boolean;
          items?: Array<{ key: string }>;
        };
      }>;
    };
  }>;
  imagePullSecrets?: Array<{ name: string }>;
}

interface Container {
  name: string;
  env?: Array<{
    name: string;
    valueFrom?: {
      secretKeyRef?: { name: string; key: string; optional?: boolean };
    };
  }>;
  envFrom?: Array<{ secretRef?: { name: string; optional?: boolean } }>;
}

const POD_SPEC_PATHS: Record<string, string> = {
  Pod: 'spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
  Deployment: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  Job: 'spec.template.spec',
};

function podSpec(o: KubeObject): PodSpec | undefined {
  const path = POD_SPEC_PATHS[o.kind];
  return path ? (at(o, path) as PodSpec | undefined) : undefined;
}

/** A Secret read by a workload: name, and key (undefined for the whole Secret). */
interface SecretRead {
  name: string;
  key?: string;
  via: string;
}

function secretReads(pod: PodSpec): SecretRead[] {
  const reads: SecretRead[] = [];
  for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref && !ref.optional) {
        reads.push({
          name: ref.name,
          key: ref.key,
          via: `container ${c.name} env ${e.name}`,
        });
      }
    }
    for (const e of c.envFrom ?? []) {
      if (e.secretRef && !e.secretRef.optional) {
        reads.push({
          name: e.secretRef.name,
          via: `container ${c.name} envFrom`,
        });
      }
    }
  }
  for (const v of pod.volumes ?? []) {
    const sources = [
      ...(v.secret
        ? [
            {
              name: v.secret.secretName,
              optional: v.secret.optional,
              items: v.secret.items,
            },
          ]
        : []),
      ...(v.projected?.sources ?? []).flatMap(s =>
        s.secret ? [s.secret] : [],
      ),
    ];
    for (const s of sources) {
      if (s.optional) {
        continue;
      }
      if (s.items?.length) {
        reads.push(
          ...s.items.map(i => ({
            name: s.name,
            key: i.key,
            via: `volume ${v.name}`,
          })),
        );
      } else {
        reads.push({ name: s.name, via: `volume ${v.name}` });
      }
    }
  }
  for (const p of pod.imagePullSecrets ?? []) {
    reads.push({ name: p.name, via: 'imagePullSecrets' });
  }
  return reads;
}

/** Keys each producer writes: `'*'` when it is not known statically. */
function producedSecrets(located: Located[]): Map<string, Set<string>> {
  const produced = new Map<string, Set<string>>();
  const add = (namespace: string | undefined, name: string, keys: string[]) => {
    const id = `${namespace}/${name}`;
    const set = produced.get(id) ?? new Set<string>();
    keys.forEach(k => set.add(k));
    produced.set(id, set);
  };
  for (const { object, namespace } of located) {
    const group = apiGroup(object.apiVersion);
    if (object.kind === 'Secret' && group === '') {
      add(namespace, object.metadata.name, [
        ...Object.keys((object.data as object) ?? {}),
        ...Object.keys((object.stringData as object) ?? {}),
      ]);
    } else if (
      object.kind === 'ExternalSecret' &&
      group === 'external-secrets.io'
    ) {
      const spec = object.spec as {
        target?: {
          name?: string;
          template?: { data?: Record<string, unknown>; mergePolicy?: string };
        };
        data?: Array<{ secretKey: string }>;
        dataFrom?: unknown[];
      };
      const templated = spec.target?.template?.data;
      const keys = templated
        ? [
            ...Object.keys(templated),
            ...(spec.target?.template?.mergePolicy === 'Merge'
              ? (spec.data ?? []).map(d => d.secretKey)
              : []),
          ]
        : (spec.data ?? []).map(d => d.secretKey);
      add(namespace, spec.target?.name ?? object.metadata.name, [
        ...keys,
        ...(spec.dataFrom?.length && !templated ? ['*'] : []),
      ]);
    } else if (object.kind === 'Certificate' && group === 'cert-manager.io') {
      add(namespace, (object.spec as { secretName: string }).secretName, [
        'tls.crt',
        'tls.key',
        'ca.crt',
      ]);
    }
  }
  return produced;
}

/**
 * Every Secret a workload reads (env, envFrom, volumes, image pull
 * secrets), by name and key, is produced in its namespace by an
 * ExternalSecret, a Certificate or a Secret of the stack.
 */
export function secretsCheck(stack: RenderedStack): string[] {
  const located = locatedObjects(stack);
  const produced = producedSecrets(located);
  const problems: string[] = [];
  for (const { app, object, namespace } of located) {
    const pod = podSpec(object);
    if (!pod) {
      continue;
    }
    for (const read of secretReads(pod)) {
      const keys = produced.get(`${namespace}/${read.name}`);
      const where = `${app}: ${describe(object)} ${read.via}`;
      if (!keys) {
        problems.push(
          `${where} reads Secret ${namespace}/${read.name}, which no ExternalSecret, Certificate or Secret of the stack produces`,
        );
      } else if (read.key && !keys.has(read.key) && !keys.has('*')) {
        problems.push(
          `${where} reads key ${read.key} of Secret ${namespace}/${
            read.name
          }, which has only ${[...keys].join(', ')}`,
        );
      }
    }
  }
  return problems;
}

/**
 * Every custom resource kind (of a group that Kubernetes does not serve
 * itself) is installed by a CRD of the stack at that version, or is a kind
 * of a listed prerequisite at that version.
 */
export function customKindsCheck(stack: RenderedStack): string[] {
  const problems = new Set<string>();
  for (const { app, object } of locatedObjects(stack)) {
    const group = apiGroup(object.apiVersion);
    if (isBuiltInGroup(group)) {
      continue;
    }
    if (
      (stack.crdScopes.has(`${group}/${object.kind}`) &&
        stack.crds.has(`${object.apiVersion}/${object.kind}`)) ||
      prerequisite(stack, object)
    ) {
      continue;
    }
    problems.add(
      `${app}: ${object.kind} ${object.apiVersion} is neither installed by the stack nor served by a listed prerequisite`,
    );
  }
  return [...problems];
}

/** The identity of an object on a cluster: group, kind, namespace and name. */
export function objectIdentity(l: Located): string {
  const group = apiGroup(l.object.apiVersion) || 'core';
  return `${group}/${l.object.kind} ${l.namespace ? `${l.namespace}/` : ''}${
    l.object.metadata.name
  }`;
}

/**
 * No object is applied twice: two apps (or one app twice) applying the same
 * object fight over it (Argo CD's shared resource warning, endless syncs).
 */
export function duplicatesCheck(stack: RenderedStack): string[] {
  const owners = new Map<string, string[]>();
  for (const l of locatedObjects(stack)) {
    const id = objectIdentity(l);
    owners.set(id, [...(owners.get(id) ?? []), l.app]);
  }
  return [...owners]
    .filter(([, apps]) => apps.length > 1)
    .map(([id, apps]) => `${id} is applied by ${apps.join(' and ')}`);
}

/**
 * What two instances on one cluster must not share: objects, Argo CD
 * Applications and AppProjects, GitOps files and hosts.
 */
export function sharedBetween(a: RenderedStack, b: RenderedStack): string[] {
  const common = (x: string[], y: string[]) => {
    const set = new Set(x);
    return [...new Set(y.filter(v => set.has(v)))];
  };
  const objects = (s: RenderedStack) => locatedObjects(s).map(objectIdentity);
  const argo = (s: RenderedStack) =>
    [...s.applications, ...s.projects, ...s.files.map(f => f.object)]
      .filter(o => apiGroup(o.apiVersion) === 'argoproj.io')
      .map(o => `${o.kind} ${o.metadata.name}`);
  const hosts = (s: RenderedStack) =>
    Object.values(s.outputs.hosts as Record<string, string>);
  return [
    ...common(objects(a), objects(b)).map(id => `object ${id}`),
    ...common(argo(a), argo(b)).map(id => `Argo CD ${id}`),
    ...common(Object.keys(a.repo.files), Object.keys(b.repo.files)).map(
      p => `GitOps file ${p}`,
    ),
    ...common(hosts(a), hosts(b)).map(h => `host ${h}`),
  ];
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }>;
}

/** Kubernetes label selector semantics; an absent selector matches everything. */
function selects(
  selector: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) {
    return true;
  }
  return (
    Object.entries(selector.matchLabels ?? {}).every(
      ([k, v]) => labels[k] === v,
    ) &&
    (selector.matchExpressions ?? []).every(e => {
      const has = e.key in labels;
      switch (e.operator) {
        case 'In':
          return has && (e.values ?? []).includes(labels[e.key]);
        case 'NotIn':
          return !has || !(e.values ?? []).includes(labels[e.key]);
        case 'Exists':
          return has;
        default:
          return !has;
      }
    })
  );
}

interface ClusterSpiffeIdSpec {
  className?: string;
  fallback?: boolean;
  federatesWith?: string[];
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
}

/** The class (and whether class-less objects count) of the SPIRE controller manager. */
function controllerClass(stack: RenderedStack, fallbackClass: string) {
  for (const { object } of locatedObjects(stack)) {
    const text = (object.data as Record<string, string> | undefined)?.[
      'controller-manager-config.yaml'
    ];
    if (object.kind === 'ConfigMap' && text) {
      const config = yaml.parse(text) as {
        className?: string;
        watchClassless?: boolean;
      };
      return {
        className: config.className ?? fallbackClass,
        watchClassless: config.watchClassless === true,
      };
    }
  }
  return { className: fallbackClass, watchClassless: false };
}

/** Images of the Directory workloads, and whether they talk to peers. */
const DIRECTORY_WORKLOADS = [
  { image: 'ghcr.io/agntcy/dir-apiserver', federates: true },
  { image: 'ghcr.io/agntcy/dir-reconciler', federates: true },
  { image: 'ghcr.io/agntcy/dir-ctl', federates: false },
];

/**
 * Every Directory workload gets an SVID from the deployment's SPIRE, and
 * those that talk to peers (apiserver, reconciler) get every peer's bundle:
 * the ClusterSPIFFEIDs of the controller manager's class that match the pod
 * (a fallback one only when no other matches) federate with every peer,
 * and each federated trust domain has a ClusterFederatedTrustDomain of that
 * class.
 */
export function identitiesCheck(
  stack: RenderedStack,
  peers: string[],
  fallbackClass: string,
): string[] {
  const located = locatedObjects(stack);
  const { className, watchClassless } = controllerClass(stack, fallbackClass);
  const ofClass = (spec: { className?: string }) =>
    spec.className === className || (!spec.className && watchClassless);
  const ids = located
    .filter(l => l.object.kind === 'ClusterSPIFFEID')
    .map(l => ({
      name: l.object.metadata.name,
      spec: l.object.spec as ClusterSpiffeIdSpec,
    }))
    .filter(id => ofClass(id.spec));
  const federated = new Set(
    located
      .filter(l => l.object.kind === 'ClusterFederatedTrustDomain')
      .map(l => l.object.spec as { className?: string; trustDomain: string })
      .filter(ofClass)
      .map(spec => spec.trustDomain),
  );
  const problems: string[] = [];
  for (const { app, object, namespace } of located) {
    const pod = podSpec(object);
    const template = at(
      object,
      object.kind === 'CronJob'
        ? 'spec.jobTemplate.spec.template.metadata.labels'
        : 'spec.template.metadata.labels',
    ) as Record<string, string> | undefined;
    const workload = DIRECTORY_WORKLOADS.find(w =>
      (pod?.containers ?? []).some(c =>
        (c as { image?: string }).image?.startsWith(`${w.image}:`),
      ),
    );
    if (!workload) {
      continue;
    }
    const where = `${app}: ${describe(object)}`;
    const matching = ids.filter(
      id =>
        selects(id.spec.namespaceSelector, {
          'kubernetes.io/metadata.name': namespace ?? '',
        }) && selects(id.spec.podSelector, template ?? {}),
    );
    const direct = matching.filter(id => !id.spec.fallback);
    const effective = direct.length > 0 ? direct : matching;
    if (effective.length === 0) {
      problems.push(
        `${where}: no ClusterSPIFFEID of class ${className} matches its pods, so they get no SVID`,
      );
      continue;
    }
    for (const id of effective) {
      for (const td of id.spec.federatesWith ?? []) {
        if (!federated.has(td)) {
          problems.push(
            `${where}: ClusterSPIFFEID ${id.name} federates with ${td}, which has no ClusterFederatedTrustDomain of class ${className}`,
          );
        }
      }
      if (workload.federates) {
        const missing = peers.filter(
          p => !(id.spec.federatesWith ?? []).includes(p),
        );
        if (missing.length > 0) {
          problems.push(
            `${where}: ClusterSPIFFEID ${
              id.name
            } does not federate with ${missing.join(', ')}`,
          );
        }
      }
    }
  }
  return problems;
}

/**
 * No Service listens on every node: NodePort Services (such as the Zot
 * chart's default) are reachable on every node's address.
 */
export function nodePortCheck(stack: RenderedStack): string[] {
  return locatedObjects(stack)
    .filter(
      l =>
        l.object.kind === 'Service' &&
        apiGroup(l.object.apiVersion) === '' &&
        (l.object.spec as { type?: string } | undefined)?.type === 'NodePort',
    )
    .map(
      l =>
        `${l.app}: ${describe(
          l.object,
        )} is a NodePort Service, open on every node`,
    );
}
