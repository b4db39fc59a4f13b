import {
  compareReleases,
  isSupportedRelease,
  SUPPORTED_RELEASES,
} from '@directory-ops/plugin-directory-common';
import yaml from 'yaml';
import { fieldError } from '../config';
import { GeneratedFile, regenerateDeployment } from '../deployment/render';

/**
 * What an upgrade changes in an instance's GitOps files: the recorded
 * deployment spec with new inputs applied, regenerated, compared file by
 * file with what the repository holds.
 */

/** Inputs an upgrade never changes: they name every object or identity. */
const PERMANENT_FIELDS = {
  trustDomain:
    'the SPIFFE trust domain can never change after the first deployment: every SVID, federation peer and authorization policy names it',
  name: 'the instance name names every namespace, release and GitOps path; deploy a new instance instead',
  environment:
    'the environment names the GitOps paths; deploy a new instance instead',
} as const;

/** One chart whose version changes. */
export interface ChartVersionChange {
  app: string;
  chart: string;
  from?: string;
  to: string;
}

/** One changed value of a values file. */
export interface ValueChange {
  file: string;
  key: string;
  from?: unknown;
  to?: unknown;
}

/** What {@link planUpgrade} decides. */
export interface UpgradePlan {
  entityRef: string;
  fromRelease: string;
  toRelease: string;
  /** Files whose content changes (or that are new), relative to the GitOps folder. */
  changedFiles: GeneratedFile[];
  /** Files the repository holds that the new inputs no longer generate. */
  staleFiles: string[];
  chartVersions: ChartVersionChange[];
  values: ValueChange[];
  /** The inputs that change, `field: from → to`. */
  inputChanges: ValueChange[];
  summary: string;
}

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `changes` over `base`: objects merge key by key, anything else replaces. */
function deepMerge(base: Json, changes: Json): Json {
  if (!isObject(base) || !isObject(changes)) {
    return changes === undefined ? base : changes;
  }
  const merged: Record<string, Json> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    merged[key] = deepMerge(base[key], value);
  }
  return merged;
}

/** Leaf differences of two parsed documents, keyed by dotted path. */
function diff(
  from: Json,
  to: Json,
  prefix = '',
): Array<Omit<ValueChange, 'file'>> {
  if (isObject(from) && isObject(to)) {
    const keys = [
      ...new Set([...Object.keys(from), ...Object.keys(to)]),
    ].sort();
    return keys.flatMap(key =>
      diff(from[key], to[key], prefix ? `${prefix}.${key}` : key),
    );
  }
  return JSON.stringify(from) === JSON.stringify(to)
    ? []
    : [{ key: prefix || '(document)', from, to }];
}

function parse(path: string, content: string | undefined): Json {
  if (content === undefined) {
    return undefined;
  }
  try {
    return path.endsWith('.json') ? JSON.parse(content) : yaml.parse(content);
  } catch {
    return content;
  }
}

function show(value: unknown): string {
  if (value === undefined) {
    return '(none)';
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `\`${text.length > 80 ? `${text.slice(0, 77)}...` : text}\``;
}

/** The recorded spec as an object; a record that does not parse names the file. */
export function readSpecRecord(
  path: string,
  text: string,
): Record<string, Json> {
  let record: Json;
  try {
    record = yaml.parse(text);
  } catch (error) {
    throw fieldError(
      'specPath',
      `${path} is not YAML: ${(error as Error).message}`,
    );
  }
  if (!isObject(record)) {
    throw fieldError('specPath', `${path} is not a deployment spec record`);
  }
  return record;
}

/**
 * Plans the upgrade of one instance. `current` holds the repository's files
 * relative to the GitOps folder (at least the instance's); `record` is its
 * `directory-spec.yaml`. Refuses, naming the field, a change of trust
 * domain, name or environment, a release older than the deployed one, and
 * a release without rendering tests; any other bad input fails the
 * generator's own schema.
 */
export function planUpgrade(options: {
  record: Record<string, Json>;
  current: (path: string) => string | undefined;
  currentPaths: readonly string[];
  releaseVersion?: string;
  changes?: Record<string, Json>;
}): UpgradePlan {
  const { record } = options;
  const changes = { ...(options.changes ?? {}) };
  if (options.releaseVersion !== undefined) {
    changes.releaseVersion = options.releaseVersion;
  }
  for (const [field, why] of Object.entries(PERMANENT_FIELDS)) {
    if (changes[field] !== undefined && changes[field] !== record[field]) {
      throw fieldError(
        field,
        `cannot change from '${String(record[field])}' to '${String(
          changes[field],
        )}' in an upgrade: ${why}`,
      );
    }
  }
  const fromRelease = String(record.releaseVersion ?? '');
  const toRelease = String(changes.releaseVersion ?? fromRelease);
  if (fromRelease && compareReleases(toRelease, fromRelease) < 0) {
    throw fieldError(
      'releaseVersion',
      `${toRelease} is older than the deployed ${fromRelease}; a downgrade is not an upgrade (roll back by reverting the pull request that upgraded it)`,
    );
  }
  if (!isSupportedRelease(toRelease)) {
    throw fieldError(
      'releaseVersion',
      `${toRelease} has no rendering tests in Directory Ops; supported releases: ${SUPPORTED_RELEASES.join(
        ', ',
      )}`,
    );
  }

  const next = deepMerge(record, changes);
  const rendered = regenerateDeployment(next as Record<string, unknown>);
  const changedFiles = rendered.files.filter(
    file => options.current(file.path) !== file.content,
  );
  // App files of this instance that the new inputs no longer generate
  // (e.g. the SPIRE apps once the cluster's SPIRE is reused).
  const generated = new Set(rendered.files.map(f => f.path));
  const instanceFolder = `/${rendered.spec.environment}/${rendered.spec.name}/`;
  const staleFiles = options.currentPaths.filter(
    p =>
      p.startsWith('applications/') &&
      p.includes(instanceFolder) &&
      !generated.has(p),
  );
  const { paths } = rendered.layout;

  const chartVersions: ChartVersionChange[] = [];
  const values: ValueChange[] = [];
  for (const file of changedFiles) {
    const before = parse(file.path, options.current(file.path));
    const after = parse(file.path, file.content);
    const app = /^applications\/([^/]+)\//.exec(file.path)?.[1];
    if (app && file.path.endsWith('/config.json') && isObject(after)) {
      const from = isObject(before) ? before.chart_version : undefined;
      if (from !== after.chart_version) {
        chartVersions.push({
          app,
          chart: String(after.chart_name),
          from: from === undefined ? undefined : String(from),
          to: String(after.chart_version),
        });
      }
    }
    if (app && file.path.endsWith('/values.yaml')) {
      values.push(
        ...diff(before, after).map(change => ({ file: file.path, ...change })),
      );
    }
  }
  const inputChanges = diff(record, rendered.spec.input).map(change => ({
    file: paths.deploymentSpec,
    ...change,
  }));

  const lines = [
    `## Upgrade ${rendered.spec.name} (${rendered.spec.environment})`,
    '',
    fromRelease === toRelease
      ? `Release ${toRelease} (unchanged).`
      : `Directory release **${fromRelease} → ${toRelease}**.`,
    '',
    '### Inputs',
    ...(inputChanges.length > 0
      ? inputChanges.map(c => `- \`${c.key}\`: ${show(c.from)} → ${show(c.to)}`)
      : ['- none changed']),
    '',
    '### Chart versions',
    ...(chartVersions.length > 0
      ? [
          '| app | chart | from | to |',
          '|---|---|---|---|',
          ...chartVersions.map(
            c => `| ${c.app} | ${c.chart} | ${c.from ?? '(new)'} | ${c.to} |`,
          ),
        ]
      : ['- unchanged']),
    '',
    '### Values',
    ...(values.length > 0
      ? values
          .slice(0, 100)
          .map(
            v =>
              `- \`${v.file}\` \`${v.key}\`: ${show(v.from)} → ${show(v.to)}`,
          )
      : ['- unchanged']),
    ...(values.length > 100 ? [`- … and ${values.length - 100} more`] : []),
    '',
    '### Files',
    ...changedFiles.map(f => `- \`${f.path}\``),
    ...(staleFiles.length > 0
      ? [
          '',
          'No longer generated (delete them in this pull request):',
          ...staleFiles.map(p => `- \`${p}\``),
        ]
      : []),
    '',
    'Argo CD syncs the apps in their waves after the merge. The trust domain is unchanged.',
    '',
  ];
  return {
    entityRef: rendered.entityRef,
    fromRelease,
    toRelease,
    changedFiles,
    staleFiles,
    chartVersions,
    values,
    inputChanges,
    summary: lines.join('\n'),
  };
}
