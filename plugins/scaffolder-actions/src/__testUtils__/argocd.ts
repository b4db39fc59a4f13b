import yaml from 'yaml';
import { KubeObject } from './helm';

/**
 * Argo CD's reading of a generated GitOps tree: the AppProjects and
 * Applications in it, and the Applications that each ApplicationSet
 * generates (list, git files, matrix and merge generators, fasttemplate or
 * Go template parameters), as the ApplicationSet controller would. Used by
 * tests only.
 */

/** The generated files as Argo CD sees them in the GitOps repository. */
export interface GitOpsRepo {
  repoUrl: string;
  revision: string;
  /** Files by their path from the repository root. */
  files: Record<string, string>;
}

type Params = Record<string, string>;

/**
 * A glob as Argo CD matches it: `**` spans folders, `*` stays within one
 * (`pathSeparated`) or matches anything (project rules), `?` one character.
 */
export function globMatch(
  pattern: string,
  value: string,
  pathSeparated = false,
): boolean {
  const source = pattern
    .split(/(\*\*\/?|\*|\?)/)
    .map(part => {
      if (part.startsWith('**')) {
        return part.endsWith('/') ? '(?:.*/)?' : '.*';
      }
      if (part === '*') {
        return pathSeparated ? '[^/]*' : '.*';
      }
      if (part === '?') {
        return pathSeparated ? '[^/]' : '.';
      }
      return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`).test(value);
}
type Generator = Record<string, unknown>;

/** Every YAML object of the repository's `.yaml` files. */
export function repoObjects(repo: GitOpsRepo): Array<{
  path: string;
  object: KubeObject;
}> {
  return Object.entries(repo.files)
    .filter(([p]) => /\.ya?ml$/.test(p))
    .flatMap(([p, text]) =>
      yaml
        .parseAllDocuments(text, { version: '1.1' })
        .map(d => d.toJS() as KubeObject | null)
        .filter((o): o is KubeObject => Boolean(o?.apiVersion && o?.kind))
        .map(object => ({ path: p, object })),
    );
}

/** Flattens a JSON document the way the git files generator does. */
function flatten(value: unknown, prefix = '', out: Params = {}): Params {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (prefix) {
    out[prefix] = Array.isArray(value) ? JSON.stringify(value) : String(value);
  }
  return out;
}

function pathParams(file: string): Params {
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const segments = dir.split('/');
  const basename = segments[segments.length - 1] ?? '';
  const filename = file.slice(file.lastIndexOf('/') + 1);
  const normalize = (s: string) =>
    s.replace(/[^a-zA-Z0-9-]/g, '-').toLowerCase();
  return {
    path: dir,
    'path.path': dir,
    'path.basename': basename,
    'path.basenameNormalized': normalize(basename),
    'path.filename': filename,
    'path.filenameNormalized': normalize(filename),
    ...Object.fromEntries(segments.map((s, i) => [`path[${i}]`, s])),
  };
}

/** Substitutes `{{key}}` (fasttemplate) or `{{ .key }}` (Go template). */
export function substitute(text: string, params: Params, goTemplate: boolean) {
  return text.replace(
    /\{\{\s*([^}]*?)\s*\}\}/g,
    (whole, expression: string) => {
      const key = goTemplate ? expression.replace(/^\./, '') : expression;
      if (goTemplate && !/^[\w.[\]]+$/.test(key)) {
        throw new Error(`unsupported Go template expression ${whole}`);
      }
      return params[key] ?? whole;
    },
  );
}

function substituteDeep<T>(value: T, params: Params, goTemplate: boolean): T {
  if (typeof value === 'string') {
    return substitute(value, params, goTemplate) as T;
  }
  if (Array.isArray(value)) {
    return value.map(v => substituteDeep(v, params, goTemplate)) as T;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        substitute(k, params, goTemplate),
        substituteDeep(v, params, goTemplate),
      ]),
    ) as T;
  }
  return value;
}

function evaluate(
  generator: Generator,
  repo: GitOpsRepo,
  goTemplate: boolean,
): Params[] {
  const [type, raw] = Object.entries(generator)[0] ?? [];
  const body = raw as Record<string, unknown>;
  switch (type) {
    case 'list':
      return ((body.elements as Array<Record<string, unknown>>) ?? []).map(e =>
        flatten(e),
      );
    case 'git': {
      if (body.repoURL !== repo.repoUrl) {
        throw new Error(
          `git generator reads ${body.repoURL}, not the GitOps repository ${repo.repoUrl}`,
        );
      }
      if (body.revision !== repo.revision) {
        throw new Error(
          `git generator reads revision ${body.revision}, not ${repo.revision}`,
        );
      }
      const patterns = (body.files as Array<{ path: string }>) ?? [];
      if (patterns.length === 0) {
        throw new Error('only the git files generator is supported');
      }
      return patterns.flatMap(({ path: pattern }) =>
        Object.keys(repo.files)
          .filter(f => globMatch(pattern, f, true))
          .sort()
          .map(f => ({
            ...flatten(JSON.parse(repo.files[f])),
            ...pathParams(f),
          })),
      );
    }
    case 'matrix': {
      const [first, second] = body.generators as Generator[];
      return evaluate(first, repo, goTemplate).flatMap(left =>
        evaluate(
          substituteDeep(second, left, goTemplate),
          repo,
          goTemplate,
        ).map(right => ({ ...left, ...right })),
      );
    }
    case 'merge': {
      const keys = body.mergeKeys as string[];
      const [base, ...others] = (body.generators as Generator[]).map(g =>
        evaluate(g, repo, goTemplate),
      );
      const keyOf = (p: Params) => JSON.stringify(keys.map(k => p[k]));
      return base.map(params =>
        others.reduce(
          (merged, set) => ({
            ...merged,
            ...(set.find(p => keyOf(p) === keyOf(params)) ?? {}),
          }),
          params,
        ),
      );
    }
    default:
      throw new Error(`unsupported ApplicationSet generator ${type}`);
  }
}

/** The Applications an ApplicationSet generates from the repository. */
export function generatedApplications(
  appSet: KubeObject,
  repo: GitOpsRepo,
): KubeObject[] {
  const spec = appSet.spec as {
    goTemplate?: boolean;
    generators: Generator[];
    template: { metadata: Record<string, unknown>; spec: unknown };
  };
  const goTemplate = Boolean(spec.goTemplate);
  return spec.generators
    .flatMap(g => evaluate(g, repo, goTemplate))
    .map(params => {
      const template = substituteDeep(spec.template, params, goTemplate);
      return {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          namespace: appSet.metadata.namespace,
          ...template.metadata,
        } as KubeObject['metadata'],
        spec: template.spec,
      };
    });
}

/** A Helm source of an Application, resolved against the repository. */
export interface HelmSource {
  repoURL: string;
  chart: string;
  targetRevision: string;
  releaseName: string;
  /** Contents of the value files, in order. */
  values: string[];
  /** Repository paths of the value files. */
  valuePaths: string[];
}

interface AppSource {
  repoURL: string;
  chart?: string;
  path?: string;
  targetRevision?: string;
  ref?: string;
  helm?: {
    releaseName?: string;
    valueFiles?: string[];
    values?: string;
    valuesObject?: unknown;
  };
}

/**
 * The chart source of an Application with its value files read from the
 * repository (`$values/...` through the `ref: values` source), as the
 * repo-server resolves them.
 */
export function helmSource(app: KubeObject, repo: GitOpsRepo): HelmSource {
  const spec = app.spec as { source?: AppSource; sources?: AppSource[] };
  const sources = spec.sources ?? (spec.source ? [spec.source] : []);
  const charts = sources.filter(s => s.chart);
  if (charts.length !== 1) {
    throw new Error(
      `${app.metadata.name}: expected one chart source, found ${charts.length}`,
    );
  }
  const [chart] = charts;
  const refs = new Map(
    sources.filter(s => s.ref).map(s => [s.ref!, s] as const),
  );
  const valuePaths: string[] = [];
  const values = (chart.helm?.valueFiles ?? []).map(file => {
    const match = /^\$([^/]+)\/(.*)$/.exec(file);
    if (!match) {
      throw new Error(
        `${app.metadata.name}: value file ${file} is not in the GitOps repository`,
      );
    }
    const ref = refs.get(match[1]);
    if (!ref || ref.repoURL !== repo.repoUrl) {
      throw new Error(
        `${app.metadata.name}: $${match[1]} is not a ref to the GitOps repository`,
      );
    }
    if (ref.targetRevision !== repo.revision) {
      throw new Error(
        `${app.metadata.name}: $${match[1]} reads revision ${ref.targetRevision}, not ${repo.revision}`,
      );
    }
    const content = repo.files[match[2]];
    if (content === undefined) {
      throw new Error(
        `${app.metadata.name}: value file ${match[2]} is not in the repository`,
      );
    }
    valuePaths.push(match[2]);
    return content;
  });
  if (chart.helm?.values) {
    values.push(chart.helm.values);
  }
  if (chart.helm?.valuesObject) {
    values.push(JSON.stringify(chart.helm.valuesObject));
  }
  return {
    repoURL: chart.repoURL,
    chart: chart.chart!,
    targetRevision: chart.targetRevision ?? '',
    releaseName: chart.helm?.releaseName || app.metadata.name,
    values,
    valuePaths,
  };
}

/** Glob match of Argo CD project rules (`*` and `!` negation). */
export function projectGlob(pattern: string, value: string): boolean {
  if (pattern.startsWith('!')) {
    return !globMatch(pattern.slice(1), value);
  }
  return globMatch(pattern, value);
}
