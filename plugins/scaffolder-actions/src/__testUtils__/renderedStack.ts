import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { createDeploymentGenerateAction } from '../actions/deploymentGenerate';
import { CLUSTER_PREREQUISITES } from '../config';
import {
  GitOpsRepo,
  HelmSource,
  generatedApplications,
  helmSource,
  repoObjects,
} from './argocd';
import {
  CHARTS_DIR,
  HelmRender,
  HelmResult,
  KubeObject,
  helmTemplate,
  parseManifest,
} from './helm';
import { CrdSchemas, crdSchemas } from './kubeSchemas';
import { readTree, validDeploymentInput } from './deployment';

type DeploymentInput = ReturnType<typeof validDeploymentInput>;

/**
 * Runs the real `directory:deployment:generate` action into a temporary
 * workspace and renders every Argo CD app it generates exactly as Argo CD
 * would: the ApplicationSet expanded against the generated files, each
 * app's chart (the vendored upstream chart of its pinned version), release
 * name, destination namespace and value files. Used by tests only.
 */

/** A kind the cluster must already serve, and the prerequisite serving it. */
export interface PrerequisiteKind {
  group: string;
  version: string;
  kind: string;
  scope: 'Namespaced' | 'Cluster';
  /** The prerequisite that installs it. */
  from: string;
  /** Only for inputs that ask for it. */
  when?: (input: DeploymentInput) => boolean;
}

function kinds(
  from: string,
  group: string,
  version: string,
  scopes: Record<string, 'Namespaced' | 'Cluster'>,
  when?: (input: DeploymentInput) => boolean,
): PrerequisiteKind[] {
  return Object.entries(scopes).map(([kind, scope]) => ({
    group,
    version,
    kind,
    scope,
    from,
    when,
  }));
}

type PrerequisiteKey = keyof typeof CLUSTER_PREREQUISITES;

const monitoringOn = (input: DeploymentInput) =>
  (input as { monitoring?: boolean }).monitoring === true;

/**
 * The custom resource kinds that the generator's cluster prerequisites
 * (`CLUSTER_PREREQUISITES`) serve in the version range it states:
 * External Secrets Operator 0.16.2 up to 0.17 serves both `v1` and
 * `v1beta1`; the Prometheus Operator is needed only with monitoring on.
 * `range` records the range these kinds were read for.
 */
const SERVED_KINDS: Partial<
  Record<PrerequisiteKey, { range: string; kinds: PrerequisiteKind[] }>
> = {
  certManager: {
    range: '>= 1.12',
    kinds: kinds('cert-manager', 'cert-manager.io', 'v1', {
      Certificate: 'Namespaced',
      CertificateRequest: 'Namespaced',
      Issuer: 'Namespaced',
      ClusterIssuer: 'Cluster',
    }),
  },
  externalSecrets: {
    range: '>= 0.16.2, < 0.17',
    kinds: ['v1', 'v1beta1'].flatMap(version =>
      kinds('External Secrets Operator', 'external-secrets.io', version, {
        ExternalSecret: 'Namespaced',
        SecretStore: 'Namespaced',
        ClusterSecretStore: 'Cluster',
      }),
    ),
  },
  prometheusOperator: {
    range: '>= 0.63',
    kinds: kinds(
      'Prometheus Operator',
      'monitoring.coreos.com',
      'v1',
      { ServiceMonitor: 'Namespaced', PodMonitor: 'Namespaced' },
      monitoringOn,
    ),
  },
};

/**
 * Prerequisites whose stated version range is not the one their kinds were
 * read for: the kinds must be reviewed when the generator changes a range.
 */
export function prerequisiteRangeProblems(): string[] {
  return Object.entries(SERVED_KINDS)
    .filter(
      ([key, served]) =>
        CLUSTER_PREREQUISITES[key as PrerequisiteKey].range !== served!.range,
    )
    .map(
      ([key, served]) =>
        `${key}: the generator states ${
          CLUSTER_PREREQUISITES[key as PrerequisiteKey].range
        }, the kinds it serves were read for ${served!.range}`,
    );
}

/**
 * The custom resource kinds of the cluster prerequisites, and of the
 * cluster's existing SPIRE when the input reuses it.
 */
export const PREREQUISITE_KINDS: PrerequisiteKind[] = [
  ...Object.values(SERVED_KINDS).flatMap(served => served!.kinds),
  ...kinds(
    'the existing SPIRE of the cluster',
    'spire.spiffe.io',
    'v1alpha1',
    {
      ClusterSPIFFEID: 'Cluster',
      ClusterFederatedTrustDomain: 'Cluster',
      ClusterStaticEntry: 'Cluster',
    },
    input =>
      (input as { spire?: { reuseExisting?: boolean } }).spire
        ?.reuseExisting === true,
  ),
];

/** The prerequisite kinds that apply to an input. */
export function prerequisiteKinds(input: DeploymentInput): PrerequisiteKind[] {
  return PREREQUISITE_KINDS.filter(k => !k.when || k.when(input));
}

/**
 * The Kubernetes version the apps are rendered for: the oldest the
 * generator supports (`CLUSTER_PREREQUISITES.kubernetes`), as Argo CD
 * passes the cluster's version to helm.
 */
const KUBE_VERSION = (() => {
  const minimum = /(\d+\.\d+)/.exec(CLUSTER_PREREQUISITES.kubernetes.range);
  if (!minimum) {
    throw new Error(
      `no minimum Kubernetes version in "${CLUSTER_PREREQUISITES.kubernetes.range}"`,
    );
  }
  return `${minimum[1]}.0`;
})();

/** A vendored upstream chart and the pins it stands for. */
interface VendoredChart {
  /** Repository and chart, as `<repoURL>/<chart>` without `oci://`. */
  ref: string;
  versions: string[];
  dir: string;
}

/**
 * The charts under `__fixtures__/charts` (provenance in its README). The dir
 * and dirctl templates are identical between v1.6.3 and v1.7.0.
 */
const VENDORED_CHARTS: VendoredChart[] = [
  {
    ref: 'https://spiffe.github.io/helm-charts-hardened/spire-crds',
    versions: ['0.5.0'],
    dir: 'spire-crds',
  },
  {
    ref: 'https://spiffe.github.io/helm-charts-hardened/spire',
    versions: ['0.28.4'],
    dir: 'spire',
  },
  {
    ref: 'ghcr.io/agntcy/dir/helm-charts/dir',
    versions: ['v1.6.3', 'v1.7.0'],
    dir: 'dir',
  },
  {
    ref: 'ghcr.io/agntcy/dir/helm-charts/dirctl',
    versions: ['v1.6.3', 'v1.7.0'],
    dir: 'dirctl',
  },
];

function chartYamlVersion(dir: string): string {
  const chart = yaml.parse(
    fs.readFileSync(path.join(CHARTS_DIR, dir, 'Chart.yaml'), 'utf8'),
  ) as { version: string };
  return String(chart.version);
}

/**
 * The versions each vendored chart stands for, by chart name: the
 * Directory charts by their release tag (their `Chart.yaml` says `0.1.0`;
 * the release packages them as the tag), the others by their `Chart.yaml`.
 */
export function vendoredChartVersions(): Record<string, string[]> {
  return {
    dir: VENDORED_CHARTS.find(c => c.dir === 'dir')!.versions,
    dirctl: VENDORED_CHARTS.find(c => c.dir === 'dirctl')!.versions,
    zot: [chartYamlVersion('dir/charts/apiserver/charts/zot')],
    spire: [chartYamlVersion('spire')],
    'spire-crds': [chartYamlVersion('spire-crds')],
  };
}

/**
 * The dysnix `raw` chart is not vendored: it applies each entry of
 * `resources` verbatim, merged with its labels (dysnix/charts
 * `raw/templates/resources.yaml` and `_helpers.tpl`), so its objects are
 * built here as plain objects.
 */
const RAW_CHART = {
  ref: 'https://dysnix.github.io/charts/raw',
  versions: ['0.3.2', 'v0.3.2'],
};

/** One generated Argo CD Application and what it deploys. */
export interface RenderedApp {
  application: KubeObject;
  name: string;
  project: string;
  server: string;
  namespace: string;
  source: HelmSource;
  /** `raw` when the objects are the `resources` list of the raw chart. */
  chart: string;
  /** The helm call, for charts that helm renders. */
  render?: HelmRender;
  result: HelmResult;
  objects: KubeObject[];
}

/** The generated deployment of one input, rendered. */
export interface RenderedStack {
  input: DeploymentInput;
  outputs: Record<string, unknown>;
  repo: GitOpsRepo;
  /** Every object of the generated YAML files, with its repository path. */
  files: Array<{ path: string; object: KubeObject }>;
  projects: KubeObject[];
  /** The Applications in the files and those the ApplicationSets generate. */
  applications: KubeObject[];
  apps: RenderedApp[];
  /** Schemas of the stack's CRDs (and of an existing SPIRE's, when reused). */
  crds: CrdSchemas;
  /** CRDs rendered by the stack, by `group/Kind`, with their scope. */
  crdScopes: Map<string, string>;
  /** The prerequisite kinds that apply to the input. */
  prerequisites: PrerequisiteKind[];
  /** `--api-versions` passed to helm: prerequisites and the stack's CRDs. */
  apiVersions: string[];
}

/** Thrown when the action refuses the input. */
export class RefusedInput extends Error {}

/** Runs the action and returns its outputs and the files it wrote. */
export async function generate(input: DeploymentInput) {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-'));
  try {
    const action = createDeploymentGenerateAction();
    const ctx = createMockActionContext({
      input: input as unknown as JsonObject,
      workspacePath: workspace,
    });
    try {
      await action.handler(
        ctx as unknown as Parameters<typeof action.handler>[0],
      );
    } catch (error) {
      throw new RefusedInput((error as Error).message);
    }
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    ) as Record<string, unknown>;
    return { outputs, tree: await readTree(workspace) };
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

function chartRef(source: HelmSource): string {
  return `${source.repoURL.replace(/^oci:\/\//, '').replace(/\/$/, '')}/${
    source.chart
  }`;
}

function vendoredChart(source: HelmSource): VendoredChart | 'raw' {
  const ref = chartRef(source);
  if (ref === RAW_CHART.ref) {
    if (!RAW_CHART.versions.includes(source.targetRevision)) {
      throw new Error(
        `raw chart ${source.targetRevision} is not the version this test models (${RAW_CHART.versions[0]})`,
      );
    }
    return 'raw';
  }
  const chart = VENDORED_CHARTS.find(c => c.ref === ref);
  if (!chart) {
    throw new Error(`chart ${ref} is not vendored in __fixtures__/charts`);
  }
  if (!chart.versions.includes(source.targetRevision)) {
    throw new Error(
      `chart ${source.chart} ${
        source.targetRevision
      } is not vendored (vendored: ${chart.versions.join(', ')})`,
    );
  }
  return chart;
}

function rawObjects(source: HelmSource): KubeObject[] {
  const values = source.values.map(
    v => (yaml.parse(v, { version: '1.1' }) ?? {}) as { resources?: unknown[] },
  );
  const resources = values.flatMap(v => v.resources ?? []);
  return resources.map(resource => {
    const object = resource as KubeObject;
    return {
      ...object,
      metadata: {
        ...object.metadata,
        labels: {
          app: 'raw',
          chart: `raw-${source.targetRevision}`,
          release: source.releaseName,
          heritage: 'Helm',
          ...object.metadata?.labels,
        },
      },
    };
  });
}

/**
 * Renders one app; CRD-installing apps (spire-crds) come first so that the
 * others see the stack's API versions, as on a cluster where they synced.
 */
async function renderApp(
  application: KubeObject,
  repo: GitOpsRepo,
  apiVersions: string[],
  onlyCrdCharts = false,
): Promise<RenderedApp> {
  const spec = application.spec as {
    project: string;
    destination: { server: string; namespace: string };
  };
  let source: HelmSource;
  let chart: VendoredChart | 'raw';
  try {
    source = helmSource(application, repo);
    chart = vendoredChart(source);
  } catch (error) {
    return {
      application,
      name: application.metadata.name,
      project: spec.project,
      server: spec.destination?.server,
      namespace: spec.destination?.namespace,
      source: {
        repoURL: '',
        chart: '',
        targetRevision: '',
        releaseName: '',
        values: [],
        valuePaths: [],
      },
      chart: '',
      result: { ok: false, error: (error as Error).message },
      objects: [],
    };
  }
  const base = {
    application,
    name: application.metadata.name,
    project: spec.project,
    server: spec.destination.server,
    namespace: spec.destination.namespace,
    source,
  };
  if (chart === 'raw') {
    return {
      ...base,
      chart: 'raw',
      result: { ok: true, manifest: '' },
      objects: rawObjects(source),
    };
  }
  if (onlyCrdCharts && !installsCrds(chart)) {
    return {
      ...base,
      chart: chart.dir,
      result: { ok: true, manifest: '' },
      objects: [],
    };
  }
  const render: HelmRender = {
    kubeVersion: KUBE_VERSION,
    chartDir: path.join(CHARTS_DIR, chart.dir),
    releaseName: source.releaseName,
    namespace: spec.destination.namespace,
    values: source.values,
    apiVersions,
  };
  const result = await helmTemplate(render);
  return {
    ...base,
    chart: chart.dir,
    render,
    result,
    objects: result.ok
      ? parseManifest(result.manifest).filter(o => !isHelmTest(o))
      : [],
  };
}

const crdCharts = new Map<string, boolean>();

/** Whether a vendored chart (or a sub-chart) defines a CustomResourceDefinition. */
function installsCrds(chart: VendoredChart): boolean {
  let result = crdCharts.get(chart.dir);
  if (result === undefined) {
    const search = (dir: string): boolean =>
      fs.readdirSync(dir, { withFileTypes: true }).some(entry => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory()
          ? search(full)
          : /\.(ya?ml|tpl)$/.test(entry.name) &&
              fs
                .readFileSync(full, 'utf8')
                .includes('kind: CustomResourceDefinition');
      });
    result = search(path.join(CHARTS_DIR, chart.dir));
    crdCharts.set(chart.dir, result);
  }
  return result;
}

/**
 * Helm test hooks (`helm.sh/hook: test`, `test-success`, `test-failure`):
 * Argo CD does not support them and never syncs them (Argo CD's Helm hook
 * table), so they are no part of the deployment.
 */
function isHelmTest(o: KubeObject): boolean {
  const hooks = (o.metadata?.annotations?.['helm.sh/hook'] ?? '').split(',');
  return hooks.some(h =>
    ['test', 'test-success', 'test-failure'].includes(h.trim()),
  );
}

function prerequisiteApiVersions(prerequisites: PrerequisiteKind[]): string[] {
  return prerequisites.flatMap(k => [
    `${k.group}/${k.version}`,
    `${k.group}/${k.version}/${k.kind}`,
  ]);
}

/** Generates the deployment of an input and renders every app. */
export async function renderStack(
  input: DeploymentInput,
): Promise<RenderedStack> {
  const { outputs, tree } = await generate(input);
  const gitops = input.gitops;
  const prefix = (gitops.path ?? '.').replace(/^\.\/?/, '').replace(/\/$/, '');
  const repoUrl = gitops.repoUrl.includes('://')
    ? gitops.repoUrl.replace(/\/$/, '')
    : (() => {
        const [host, query] = gitops.repoUrl.split('?');
        const params = new URLSearchParams(query);
        return `https://${host}/${params.get('owner')}/${params.get(
          'repo',
        )}.git`;
      })();
  const repo: GitOpsRepo = {
    repoUrl,
    revision: gitops.targetRevision,
    files: Object.fromEntries(
      Object.entries(tree).map(([p, c]) => [prefix ? `${prefix}/${p}` : p, c]),
    ),
  };
  const files = repoObjects(repo);
  const projects = files
    .map(f => f.object)
    .filter(o => o.kind === 'AppProject');
  const applications = [
    ...files.map(f => f.object).filter(o => o.kind === 'Application'),
    ...files
      .map(f => f.object)
      .filter(o => o.kind === 'ApplicationSet')
      .flatMap(set => generatedApplications(set, repo)),
  ];
  const chartApps = applications.filter(a => {
    const spec = a.spec as {
      source?: { chart?: string };
      sources?: Array<{ chart?: string }>;
    };
    return [spec.source, ...(spec.sources ?? [])].some(s => s?.chart);
  });

  const prerequisites = prerequisiteKinds(input);
  let apiVersions = prerequisiteApiVersions(prerequisites);
  // First pass: the apps whose charts install CRDs (a CRD-only chart such
  // as spire-crds does not look at the API versions).
  const first = await Promise.all(
    chartApps.map(a => renderApp(a, repo, apiVersions, true)),
  );
  const crdObjects = first.flatMap(a =>
    a.objects.filter(o => o.kind === 'CustomResourceDefinition'),
  );
  const crds = crdSchemas(crdObjects);
  if (
    prerequisites.some(k => k.group === 'spire.spiffe.io') &&
    ![...crds.keys()].some(k => k.startsWith('spire.spiffe.io/'))
  ) {
    // A reused SPIRE serves the CRDs of the vendored spire-crds chart.
    for (const [key, schema] of crdSchemas(await spireCrds())) {
      crds.set(key, schema);
    }
  }
  const crdScopes = new Map<string, string>();
  for (const crd of crdObjects) {
    const spec = crd.spec as {
      group: string;
      scope: string;
      names: { kind: string };
      versions: Array<{ name: string; served: boolean }>;
    };
    crdScopes.set(`${spec.group}/${spec.names.kind}`, spec.scope);
    for (const v of spec.versions.filter(x => x.served)) {
      apiVersions = [
        ...apiVersions,
        `${spec.group}/${v.name}`,
        `${spec.group}/${v.name}/${spec.names.kind}`,
      ];
    }
  }
  apiVersions = [...new Set(apiVersions)].sort();
  // Second pass: everything, on a cluster that serves the stack's CRDs.
  const apps = await Promise.all(
    chartApps.map(a => renderApp(a, repo, apiVersions)),
  );
  return {
    input,
    outputs,
    repo,
    files,
    projects,
    applications,
    apps,
    crds,
    crdScopes,
    prerequisites,
    apiVersions,
  };
}

async function spireCrds(): Promise<KubeObject[]> {
  const result = await helmTemplate({
    kubeVersion: KUBE_VERSION,
    chartDir: path.join(CHARTS_DIR, 'spire-crds'),
    releaseName: 'spire-crds',
    namespace: 'spire-system',
    values: [],
  });
  if (!result.ok) {
    throw new Error(
      `the vendored spire-crds chart does not render: ${result.error}`,
    );
  }
  return parseManifest(result.manifest);
}
