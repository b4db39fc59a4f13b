#!/usr/bin/env node
// Fails when the repo's modules import each other in a cycle, within a
// package or across workspace packages. Type-only imports count too (ESLint's
// import/no-cycle skips them); lazy `import()` calls do not.
//
//   node scripts/check-import-cycles.mjs
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = /\.(ts|tsx|mts)$/;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '/index.ts', '/index.tsx'];

function workspaceDirs() {
  const { workspaces } = JSON.parse(
    fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
  );
  return workspaces.flatMap(pattern =>
    pattern.endsWith('/*')
      ? fs
          .readdirSync(path.join(root, pattern.slice(0, -2)), {
            withFileTypes: true,
          })
          .filter(e => e.isDirectory())
          .map(e => path.join(root, pattern.slice(0, -2), e.name))
      : [path.join(root, pattern)],
  );
}

// Package name (and subpath export) → source file, e.g.
// '@directory-ops/plugin-directory/alpha' → plugins/directory-frontend/src/alpha.tsx
const entryPoints = new Map();
const sourceDirs = [path.join(root, 'e2e')];
for (const dir of workspaceDirs()) {
  const pkgPath = path.join(dir, 'package.json');
  if (!fs.existsSync(pkgPath)) continue;
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  const exportsMap =
    typeof pkg.exports === 'object' ? pkg.exports : { '.': pkg.main };
  for (const [mount, target] of Object.entries(exportsMap)) {
    if (typeof target === 'string' && SOURCE.test(target)) {
      entryPoints.set(path.posix.join(pkg.name, mount), path.join(dir, target));
    }
  }
  sourceDirs.push(...['src', 'dev'].map(d => path.join(dir, d)));
}

function listSources(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' ? [] : listSources(full);
    }
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')
      ? [full]
      : [];
  });
}

function resolve(fromFile, specifier) {
  if (!specifier.startsWith('.')) {
    return entryPoints.get(specifier);
  }
  const base = path.resolve(path.dirname(fromFile), specifier);
  if (SOURCE.test(base) && fs.existsSync(base)) return base;
  const stripped = base.replace(/\.(js|mjs)$/, '');
  return EXTENSIONS.map(ext => stripped + ext).find(f => fs.existsSync(f));
}

// Static imports and re-exports, type-only ones included.
function importsOf(file) {
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    false,
  );
  return source.statements
    .filter(
      s =>
        (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) &&
        s.moduleSpecifier &&
        ts.isStringLiteral(s.moduleSpecifier),
    )
    .map(s => resolve(file, s.moduleSpecifier.text))
    .filter(Boolean);
}

const files = sourceDirs.flatMap(listSources);
const graph = new Map(files.map(f => [f, [...new Set(importsOf(f))]]));

// Tarjan's strongly connected components; every component with more than
// one module, or a module importing itself, is a cycle.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
function connect(v) {
  index.set(v, counter);
  low.set(v, counter);
  counter += 1;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!index.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), index.get(w)));
    }
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) {
      cycles.push(component);
    }
  }
}
for (const file of graph.keys()) {
  if (!index.has(file)) connect(file);
}

// One concrete path through each component, for the message.
function cyclePath(component) {
  const members = new Set(component);
  const start = component[component.length - 1];
  const trail = [start];
  const seen = new Set([start]);
  for (;;) {
    const next = graph
      .get(trail[trail.length - 1])
      .filter(w => members.has(w))
      .find(w => w === start || !seen.has(w));
    if (next === start || next === undefined) return [...trail, start];
    trail.push(next);
    seen.add(next);
  }
}

const relative = f => path.relative(root, f);
if (cycles.length === 0) {
  console.log(`No import cycles among ${graph.size} modules.`);
} else {
  for (const component of cycles) {
    console.error(
      `Import cycle among ${component
        .map(relative)
        .join(', ')}\n  for example ${cyclePath(component)
        .map(relative)
        .join(' → ')}`,
    );
  }
  process.exitCode = 1;
}
