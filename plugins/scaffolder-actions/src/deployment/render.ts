import yaml from 'yaml';
import {
  appProject,
  applicationSet,
  bootstrapProject,
  clusterConfig,
  projectApp,
} from './argocd';
import { catalogInfo } from './catalogInfo';
import { NormalizedDeploymentInput, parseDeploymentInput } from './input';
import { AppName, Layout, layoutFor } from './layout';
import { DeploymentSpec, toDeploymentSpec } from './spec';
import { deploymentSummary, environmentReadme } from './summary';
import { toYaml } from './yamlDocument';
import {
  chartConfig,
  dirSecretsValues,
  dirValues,
  dirctlValues,
  spireValues,
} from './values';

/** One generated file, relative to the GitOps folder. */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** Everything `directory:deployment:generate` produces. */
export interface RenderedDeployment {
  spec: DeploymentSpec;
  files: GeneratedFile[];
  layout: Layout;
  catalogInfoPath: string;
  entityRef: string;
  summary: string;
}

function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function appValues(
  app: AppName,
  spec: DeploymentSpec,
  layout: Layout,
): unknown {
  switch (app) {
    case 'spire-crds':
      return {};
    case 'spire':
      return spireValues(spec, layout);
    case 'dir-secrets':
      return dirSecretsValues(spec, layout);
    case 'dir':
      return dirValues(spec, layout);
    default:
      return dirctlValues(spec, layout);
  }
}

/** The layout of a derived spec. */
export function layoutOf(spec: DeploymentSpec): Layout {
  return layoutFor({
    name: spec.name,
    environment: spec.environment,
    gitopsPath: spec.gitops.path,
    reuseSpire: spec.spire.reuseExisting,
  });
}

/** Renders every file of a deployment. Pure: nothing is written. */
export function renderDeployment(spec: DeploymentSpec): RenderedDeployment {
  const layout = layoutOf(spec);
  const { paths } = layout;
  const files: GeneratedFile[] = [
    { path: paths.project, content: toYaml(appProject(spec, layout)) },
    {
      path: paths.bootstrapProject,
      content: toYaml(bootstrapProject(spec, layout)),
    },
    { path: paths.projectApp, content: toYaml(projectApp(spec, layout)) },
    { path: paths.appSet, content: toYaml(applicationSet(spec, layout)) },
    { path: paths.clusterConfig, content: toJson(clusterConfig(spec)) },
    ...layout.apps.flatMap(app => [
      { path: paths.appConfig(app), content: toJson(chartConfig(app, spec)) },
      {
        path: paths.appValues(app),
        content: toYaml(appValues(app, spec, layout)),
      },
    ]),
    { path: paths.catalogInfo, content: toYaml(catalogInfo(spec, layout)) },
    {
      path: paths.deploymentSpec,
      content: toYaml(
        spec.input,
        'The inputs of directory:deployment:generate for this instance, with every default applied. Regenerate the files from it after a change.',
      ),
    },
    { path: paths.readme, content: environmentReadme(spec, layout) },
  ];
  return {
    spec,
    files,
    layout,
    catalogInfoPath: paths.catalogInfo,
    entityRef: `resource:default/${spec.name}`,
    summary: deploymentSummary(spec, layout),
  };
}

/**
 * Regenerates every file of an instance from its recorded
 * `directory-spec.yaml` (parsed, or as text), for example to upgrade it to
 * a new release: the record is checked by the same schema as the action's
 * input, so a bad record fails with an `InputError` naming the field.
 */
export function regenerateDeployment(
  record: string | NormalizedDeploymentInput | Record<string, unknown>,
): RenderedDeployment {
  const input =
    typeof record === 'string' ? (yaml.parse(record) as unknown) : record;
  return renderDeployment(toDeploymentSpec(parseDeploymentInput(input)));
}
