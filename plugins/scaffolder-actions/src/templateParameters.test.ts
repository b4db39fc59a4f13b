import { JsonObject } from '@backstage/types';
import fs from 'fs-extra';
import path from 'node:path';
import yaml from 'yaml';
import { createDeploymentGenerateAction } from './actions/deploymentGenerate';

/**
 * The template's form follows the action's input schema (the one zod schema
 * in `deployment/input.ts`): every form field the generate step reads is an
 * input of the action, with the same type, bounds, enum and default.
 */

const TEMPLATE = path.resolve(
  __dirname,
  '../../../templates/directory-production/template.yaml',
);

type Schema = JsonObject & {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: string[];
  const?: string;
};

/** The branch of an optional input that is not the empty string. */
function resolve(schema: Schema): Schema {
  const branch = schema.anyOf?.find(
    s => s.const !== '' && s.type !== undefined,
  );
  return branch && schema.anyOf?.length === 2 ? branch : schema;
}

/** Every form field with its path, including the conditional ones. */
function formFields(
  properties: Record<string, Schema>,
  prefix = '',
): Array<[string, Schema]> {
  return Object.entries(properties).flatMap(([key, field]) => {
    const at = prefix ? `${prefix}.${key}` : key;
    const nested: Array<[string, Schema]> = field.properties
      ? formFields(field.properties, at)
      : [];
    const items: Array<[string, Schema]> = field.items?.properties
      ? formFields(field.items.properties, `${at}[]`)
      : [];
    return [[at, field], ...nested, ...items];
  });
}

function actionField(root: Schema, at: string): Schema | undefined {
  let current: Schema | undefined = root;
  for (const part of at.split('.')) {
    const isItem = part.endsWith('[]');
    const key = isItem ? part.slice(0, -2) : part;
    current = current && resolve(current).properties?.[key];
    if (current && isItem) {
      const items: Schema | undefined = resolve(current).items;
      // A peer is a union of the preset string and the object.
      current = items?.anyOf?.find((s: Schema) => s.type === 'object') ?? items;
    }
  }
  return current && resolve(current);
}

function enumOf(schema: Schema): string[] | undefined {
  return schema.enum ?? schema.oneOf?.map(s => s.const as string);
}

describe('the template form follows the action input schema', () => {
  const template = yaml.parse(fs.readFileSync(TEMPLATE, 'utf8'));
  const steps = template.spec.parameters as Array<{
    properties: Record<string, Schema>;
    dependencies?: Record<
      string,
      { oneOf: Array<{ properties: Record<string, Schema> }> }
    >;
  }>;
  const fields = steps.flatMap(step => [
    ...formFields(step.properties),
    ...Object.values(step.dependencies ?? {}).flatMap(d =>
      d.oneOf.flatMap(branch =>
        formFields(
          Object.fromEntries(
            Object.entries(branch.properties).filter(([, f]) => f.type),
          ),
        ),
      ),
    ),
  ]);
  const input = createDeploymentGenerateAction().schema?.input as Schema;
  const generateStep = (
    template.spec.steps as Array<{ action: string; input: unknown }>
  ).find(step => step.action === 'directory:deployment:generate');
  /** The form fields the generate step reads (`${{ parameters.<field> }}`). */
  const read = new Set(
    [
      ...JSON.stringify(generateStep?.input).matchAll(
        /parameters\.([A-Za-z0-9]+)/g,
      ),
    ].map(m => m[1]),
  );
  const checked = fields.filter(([at]) => read.has(at.split(/[.[]/)[0]));

  it('covers the inputs the generate step reads', () => {
    expect(read.size).toBeGreaterThan(15);
    expect(checked.length).toBeGreaterThan(30);
  });

  /** How a form field differs from its action input; empty when it follows it. */
  function differences(at: string, field: Schema): string[] {
    const e = actionField(input, at);
    if (!e) {
      return ['is not an input of the action'];
    }
    const found: string[] = [];
    const differ = (what: string, form: unknown, action: unknown) => {
      if (JSON.stringify(form) !== JSON.stringify(action)) {
        found.push(
          `${what}: form ${JSON.stringify(form)}, action ${JSON.stringify(
            action,
          )}`,
        );
      }
    };
    differ('type', field.type, e.type);
    if (e.type === 'string') {
      differ('maxLength', field.maxLength, e.maxLength);
    }
    if (e.type === 'array') {
      differ('maxItems', field.maxItems, e.maxItems);
    }
    if (enumOf(e)) {
      differ('enum', enumOf(field), enumOf(e));
    }
    if (e.default !== undefined && typeof e.default !== 'object') {
      differ('default', field.default, e.default);
    }
    return found;
  }

  it.each(checked.map(([at, field]) => [at, field] as const))(
    '%s',
    (at, field) => {
      expect(differences(at, field)).toEqual([]);
    },
  );
});
