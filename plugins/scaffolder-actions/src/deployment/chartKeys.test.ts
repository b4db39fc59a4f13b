import fs from 'fs-extra';
import path from 'node:path';
import yaml from 'yaml';
import { parseDeploymentInput } from './input';
import { layoutOf } from './render';
import { toDeploymentSpec } from './spec';
import { validDeploymentInput } from '../__testUtils__/deployment';
import { dirValues, dirctlValues } from './values';

/**
 * Helm silently ignores keys a chart does not read, so every key written for
 * the `dir` and `dirctl` charts must exist in the charts' own default values
 * (release v1.7.0), apart from free-form maps.
 */

const FIXTURES = path.resolve(__dirname, '../__fixtures__/upstream-dir-v1.7.0');

function load(file: string): unknown {
  return yaml.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
}

/** Every key path of a document; arrays and free-form maps are leaves. */
function keyPaths(
  value: unknown,
  isFreeForm: (p: string) => boolean,
  prefix = '',
): string[] {
  if (
    !value ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    (prefix && isFreeForm(prefix))
  ) {
    return prefix ? [prefix] : [];
  }
  const entries = Object.entries(value);
  if (entries.length === 0) {
    return prefix ? [prefix] : [];
  }
  return entries.flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return [p, ...keyPaths(v, isFreeForm, p).filter(x => x !== p)];
  });
}

/** Maps free-form per the chart: their content is not chart keys. */
const FREE_FORM_DIR = [
  'apiserver.config',
  'apiserver.resources',
  'apiserver.podSecurityContext',
  'apiserver.securityContext',
  'apiserver.reconciler.resources',
  'apiserver.zot',
  'apiserver.postgresql',
];
const FREE_FORM_DIRCTL = ['resources'];

function freeForm(prefixes: string[]) {
  return (p: string) =>
    prefixes.includes(p) || p.endsWith('.annotations') || p.endsWith('.labels');
}

describe('generated chart values use only keys the charts read', () => {
  const spec = toDeploymentSpec(
    parseDeploymentInput(
      validDeploymentInput({
        zotStorage: 's3',
        zotS3: {
          bucket: 'acme-zot',
          region: 'eu-west-1',
          roleArn: 'arn:aws:iam::123456789012:role/zot',
        },
      }),
    ),
  );
  const layout = layoutOf(spec);

  it('dir', () => {
    const umbrella = load('dir-values.yaml');
    const subchart = { apiserver: load('dir-apiserver-values.yaml') };
    const known = new Set([
      ...keyPaths(umbrella, () => false),
      ...keyPaths(subchart, () => false),
    ]);
    const generated = keyPaths(
      dirValues(spec, layout),
      freeForm(FREE_FORM_DIR),
    );
    expect(generated.length).toBeGreaterThan(50);
    expect(generated.filter(p => !known.has(p))).toEqual([]);
  });

  it('dirctl', () => {
    const known = new Set(keyPaths(load('dirctl-values.yaml'), () => false));
    const generated = keyPaths(
      dirctlValues(spec, layout),
      freeForm(FREE_FORM_DIRCTL),
    );
    expect(generated.length).toBeGreaterThan(10);
    expect(generated.filter(p => !known.has(p))).toEqual([]);
  });

  it('catches a key the chart does not have', () => {
    const known = new Set(keyPaths(load('dirctl-values.yaml'), () => false));
    expect(known.has('spire.useCSIDriver')).toBe(true);
    expect(known.has('spire.dnsNameTemplates')).toBe(false);
  });
});
