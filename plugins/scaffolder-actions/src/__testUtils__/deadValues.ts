import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { HelmRender, HelmResult, helmTemplate } from './helm';
import { RenderedApp } from './renderedStack';

/**
 * Finds generated values keys that no template reads: each leaf of each
 * generated values file is changed in turn (then emptied, then removed) and
 * the app rendered again; a key whose every change leaves the render
 * unchanged is dead. Used by tests only.
 */

type Path = Array<string | number>;

/** A leaf of a values document: a scalar, an empty list or an empty map. */
function valueLeaves(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) {
    return value.length === 0
      ? [at]
      : value.flatMap((v, i) => valueLeaves(v, [...at, i]));
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0
      ? [at]
      : entries.flatMap(([k, v]) => valueLeaves(v, [...at, k]));
  }
  return [at];
}

const REMOVE = Symbol('remove');

/** The changes tried on a leaf, in order, until one changes the render. */
function mutations(value: unknown): unknown[] {
  if (typeof value === 'string') {
    return [`${value}x`, ...(value === '' ? [] : ['']), REMOVE];
  }
  if (typeof value === 'number') {
    return [value + 1, REMOVE];
  }
  if (typeof value === 'boolean') {
    return [!value, REMOVE];
  }
  if (Array.isArray(value)) {
    return [['x'], REMOVE];
  }
  if (value && typeof value === 'object') {
    return [{ x: 'x' }, REMOVE];
  }
  return ['x', REMOVE];
}

function withValue(doc: unknown, at: Path, value: unknown): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let parent = copy;
  for (const segment of at.slice(0, -1)) {
    parent = parent[segment] as Record<string | number, unknown>;
  }
  const last = at[at.length - 1];
  if (value !== REMOVE) {
    parent[last] = value;
  } else if (Array.isArray(parent)) {
    parent.splice(Number(last), 1);
  } else {
    delete parent[last];
  }
  return copy;
}

function pathText(at: Path): string {
  return at
    .map((s, i) => {
      if (typeof s === 'number') {
        return `[${s}]`;
      }
      return /^[\w-]+$/.test(s) ? `${i === 0 ? '' : '.'}${s}` : `["${s}"]`;
    })
    .join('');
}

function output(result: HelmResult): string {
  return result.ok ? result.manifest : `error: ${result.error}`;
}

/**
 * Lines whose value helm draws at random (generated passwords, `rollme`
 * annotations): the keys of lines that differ between two renders of the
 * same values.
 */
function volatileKeys(first: string, second: string): Set<string> {
  const a = first.split('\n');
  const b = second.split('\n');
  const keys = new Set<string>();
  a.forEach((line, i) => {
    if (line !== b[i]) {
      keys.add(line.slice(0, line.indexOf(':') + 1));
    }
  });
  return keys;
}

function normalize(manifest: string, volatile: Set<string>): string {
  return manifest
    .split('\n')
    .map(line => {
      const key = line.slice(0, line.indexOf(':') + 1);
      return key && volatile.has(key) ? `${key} <random>` : line;
    })
    .join('\n');
}

/**
 * Values paths of vendored sub-charts that are stubs (a `Chart.yaml` and no
 * templates, such as the bitnami `postgresql` of the apiserver chart): what
 * only they read cannot be checked.
 */
export function stubValuePaths(chartDir: string, prefix = ''): string[] {
  const charts = path.join(chartDir, 'charts');
  if (!fs.existsSync(charts)) {
    return [];
  }
  return fs
    .readdirSync(charts, { withFileTypes: true })
    .filter(e => e.isDirectory())
    .flatMap(e => {
      const dir = path.join(charts, e.name);
      const at = prefix ? `${prefix}.${e.name}` : e.name;
      return fs.existsSync(path.join(dir, 'templates'))
        ? stubValuePaths(dir, at)
        : [at];
    });
}

/**
 * The dead keys of one app's generated values files, as
 * `<values file>: <key path> = <value>`; `[]` when every key is read. The
 * files are rendered as JSON (what helm reads from them), so every change is exactly
 * one key. To keep it fast, every string leaf of a file first gets a unique
 * marker appended in one render: a leaf whose marker shows in the render is
 * read; the others are then changed one by one.
 */
export async function deadValueKeys(app: RenderedApp): Promise<string[]> {
  const render = app.render as HelmRender;
  const docs = render.values.map(v => yaml.parse(v, { version: '1.1' }) ?? {});
  const json = docs.map(d => JSON.stringify(d));
  const renderWith = (values: string[]) => helmTemplate({ ...render, values });
  const base = output(await renderWith(json));
  const again = output(
    await renderWith([...json.slice(0, -1), `${json[json.length - 1]}\n`]),
  );
  if (base.startsWith('error:')) {
    return [
      `${app.name}: the values do not render, so no key can be checked (${base})`,
    ];
  }
  const volatile = volatileKeys(base, again);
  const stubs = stubValuePaths(render.chartDir);
  const expected = normalize(base, volatile);
  const dead: string[] = [];
  const valueAt = (doc: unknown, at: Path) =>
    at.reduce<unknown>(
      (v, s) => (v as Record<string | number, unknown>)[s],
      doc,
    );

  const checkOne = async (fileIndex: number, at: Path) => {
    const doc = docs[fileIndex];
    const text = pathText(at);
    const original = valueAt(doc, at);
    for (const value of mutations(original)) {
      const values = [...json];
      values[fileIndex] = JSON.stringify(withValue(doc, at, value));
      const changed = normalize(output(await renderWith(values)), volatile);
      if (changed !== expected) {
        return;
      }
    }
    dead.push(
      `${
        app.source.valuePaths[fileIndex] ?? `values[${fileIndex}]`
      }: ${text} = ${JSON.stringify(original)}`,
    );
  };

  const checkFile = async (doc: unknown, fileIndex: number) => {
    const leaves = valueLeaves(doc).filter(at => {
      const text = pathText(at);
      return (
        at.length > 0 &&
        !stubs.some(stub => text === stub || text.startsWith(`${stub}.`))
      );
    });
    const strings = leaves.filter(at => typeof valueAt(doc, at) === 'string');
    let marked = doc;
    strings.forEach((at, i) => {
      marked = withValue(marked, at, `${valueAt(doc, at)}zq${i}q`);
    });
    const values = [...json];
    values[fileIndex] = JSON.stringify(marked);
    const batch = await renderWith(values);
    const unresolved = leaves.filter(at => {
      const i = strings.indexOf(at);
      return !(i >= 0 && batch.ok && batch.manifest.includes(`zq${i}q`));
    });
    await Promise.all(unresolved.map(at => checkOne(fileIndex, at)));
  };

  await Promise.all(docs.map((doc, i) => checkFile(doc, i)));
  return dead.sort();
}
