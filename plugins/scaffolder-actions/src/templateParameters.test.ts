import { JsonObject } from '@backstage/types';
import fs from 'fs-extra';
import path from 'node:path';
import yaml from 'yaml';
import { createDeploymentGenerateAction } from './actions/deploymentGenerate';

/**
 * The template's form follows the action's input schema (the one zod schema
 * in `deployment/input.ts`): every form field is an input of the action,
 * with the same type, bounds, enum and default.
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
  const branch = schema.anyOf?.find(s => s.const !== '' && s.type !== undefined);
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
      const items = resolve(current).items;
      current = items && {
        ...items,
        anyOf: undefined,
        ...items.anyOf?.find(s => s.type === 'object'),
      };
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
    dependencies?: Record<string, { oneOf: Array<{ properties: Record<string, Schema> }> }>;
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

  it('covers the inputs', () => {
    expect(fields.length).toBeGreaterThan(30);
  });

  it.each(fields.map(([at, field]) => [at, field] as const))(
    '%s',
    (at, field) => {
      const expected = actionField(input, at);
      expect({ at, isInput: expected !== undefined }).toEqual({
        at,
        isInput: true,
      });
      const e = expected!;
      expect(field.type).toBe(e.type);
      if (e.type === 'string') {
        expect({ at, maxLength: field.maxLength }).toEqual({
          at,
          maxLength: e.maxLength,
        });
      }
      if (e.type === 'array') {
        expect(field.maxItems).toBe(e.maxItems);
      }
      if (enumOf(e)) {
        expect(enumOf(field)).toEqual(enumOf(e));
      }
      if (e.default !== undefined && typeof e.default !== 'object') {
        expect({ at, default: field.default }).toEqual({
          at,
          default: e.default,
        });
      }
    },
  );
});
