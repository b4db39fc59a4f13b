import fs from 'fs-extra';
import path from 'node:path';
import yaml from 'yaml';
import { DeploymentInput } from '../deployment/input';

/**
 * Test fixtures for the deployment generator: a valid input and a reader
 * for the files it writes. Used by tests only.
 */

/** Overrides of {@link validDeploymentInput}; bad values are allowed on purpose. */
export type InputOverrides = {
  [K in keyof DeploymentInput]?: unknown;
} & Record<string, unknown>;

/**
 * A complete, valid input for a production https_web instance, with
 * overrides (typed as the input only when they are meant to be valid).
 */
export function validDeploymentInput(
  overrides: InputOverrides = {},
): DeploymentInput {
  return {
    name: 'acme-directory',
    environment: 'prod',
    owner: 'group:default/platform',
    trustDomain: 'dir.acme.com',
    baseDomain: 'dir.acme.com',
    federationProfile: 'https_web',
    cluster: {
      name: 'eks-prod-eu',
      server: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
    },
    gitops: {
      repoUrl: 'https://github.com/acme/gitops.git',
      targetRevision: 'main',
      path: '.',
    },
    federateWith: ['public-agntcy-network'],
    route53HostedZoneId: 'Z0123456789ABC',
    ...overrides,
  } as DeploymentInput;
}

/** Every file under a folder, keyed by its slash-separated relative path. */
export async function readTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (!(await fs.pathExists(root))) {
    return out;
  }
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else {
        out[path.relative(root, full).split(path.sep).join('/')] =
          await fs.readFile(full, 'utf8');
      }
    }
  };
  await walk(root);
  return out;
}

/** Parses a generated YAML file (single document). */
export function parseYaml(text: string | undefined): unknown {
  if (text === undefined) {
    throw new Error('file not generated');
  }
  return yaml.parse(text) as unknown;
}

/**
 * Reads a value at a path such as `apiserver.ingress.hosts[0].host` or
 * `metadata.annotations["argocd.argoproj.io/sync-wave"]`.
 */
export function at(value: unknown, pathExpression: string): unknown {
  const tokens = [
    ...pathExpression.matchAll(/\["([^"]+)"\]|\[(\d+)\]|([^.[\]]+)/g),
  ];
  let current: unknown = value;
  for (const [, quoted, index, plain] of tokens) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    const key = quoted ?? plain ?? Number(index);
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Every leaf of a parsed document as `[path, value]`; arrays index as `[i]`. */
export function leaves(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => leaves(v, `${prefix}[${i}]`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      leaves(v, prefix ? `${prefix}.${k}` : k),
    );
  }
  return [[prefix, value]];
}
