import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KubeObject } from './helm';

/**
 * Schema validation of rendered objects, strict about unknown fields:
 * built-in kinds through `kubernetes-models`, Argo CD, cert-manager, External
 * Secrets and Prometheus Operator kinds through `@kubernetes-models/*`, and
 * custom resources of the stack through the `openAPIV3Schema` of the CRDs it
 * renders. Used by tests only.
 */

/** Where the models of each API group live. */
const MODEL_PACKAGES: Record<string, string> = {
  'argoproj.io': '@kubernetes-models/argo-cd',
  'cert-manager.io': '@kubernetes-models/cert-manager',
  'external-secrets.io': '@kubernetes-models/external-secrets',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

/** Built-in API groups served by every Kubernetes API server. */
const BUILT_IN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
]);

/** Group of an apiVersion (`''` for the core group). */
export function apiGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Whether a group is built into Kubernetes (no CRD needed). */
export function isBuiltInGroup(group: string): boolean {
  return BUILT_IN_GROUPS.has(group);
}

type ValidationIssue = { instancePath: string; message?: string };
type ModelClass = new (data: unknown) => { validate(): void };

const modelCache = new Map<string, Promise<ModelClass | undefined>>();

function modelPackage(apiVersion: string): string | undefined {
  const group = apiGroup(apiVersion);
  return isBuiltInGroup(group) ? 'kubernetes-models' : MODEL_PACKAGES[group];
}

function modelModule(apiVersion: string): string | undefined {
  const group = apiGroup(apiVersion);
  if (isBuiltInGroup(group)) {
    return `kubernetes-models/${apiVersion}`;
  }
  const pkg = MODEL_PACKAGES[group];
  return pkg ? `${pkg}/${apiVersion}` : undefined;
}

async function modelFor(
  apiVersion: string,
  kind: string,
): Promise<ModelClass | undefined> {
  const key = `${apiVersion}/${kind}`;
  let model = modelCache.get(key);
  if (!model) {
    const mod = modelModule(apiVersion);
    model = mod
      ? import(mod).then(
          m => (m as Record<string, ModelClass | undefined>)[kind],
          () => undefined,
        )
      : Promise.resolve(undefined);
    modelCache.set(key, model);
  }
  return model;
}

function pointer(segments: Array<string | number>): string {
  return segments
    .map(s => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`)
    .join('');
}

function validationIssues(Model: ModelClass, data: unknown): ValidationIssue[] {
  try {
    new Model(data).validate();
    return [];
  } catch (error) {
    const issues = (error as { errors?: ValidationIssue[] }).errors;
    if (!issues) {
      throw error;
    }
    return issues;
  }
}

/** Replaces the value at a path of a deep copy with a value of no JSON type. */
function withProbe(data: unknown, segments: Array<string | number>): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  let parent = copy;
  for (const s of segments.slice(0, -1)) {
    parent = parent[s] as Record<string | number, unknown>;
  }
  parent[segments[segments.length - 1]] = Symbol('probe');
  return copy;
}

const declaredNames = new Map<string, Set<string>>();

/** The installed folder of a package (its exports hide `package.json`). */
function packageRoot(pkg: string): string {
  for (
    let dir = __dirname;
    dir !== path.dirname(dir);
    dir = path.dirname(dir)
  ) {
    const candidate = path.join(dir, 'node_modules', pkg);
    if (fs.existsSync(path.join(candidate, 'package.json'))) {
      return candidate;
    }
  }
  throw new Error(`${pkg} is not installed`);
}

/**
 * Property names declared by the type declarations of a models package
 * (`"name"?: type` lines of its `.d.ts` files).
 */
function declaredPropertyNames(pkg: string): Set<string> {
  let names = declaredNames.get(pkg);
  if (!names) {
    names = new Set<string>();
    const root = packageRoot(pkg);
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== 'node_modules') {
          walk(full);
        } else if (entry.name.endsWith('.d.ts')) {
          for (const m of fs
            .readFileSync(full, 'utf8')
            .matchAll(/^\s*"([^"]+)"\??:/gm)) {
            names!.add(m[1]);
          }
        }
      }
    };
    walk(root);
    declaredNames.set(pkg, names);
  }
  return names;
}

/**
 * Fields the schema does not know. The generated validators of
 * `kubernetes-models` accept unknown fields, so each field is probed: a value
 * of no JSON type put in its place fails validation exactly when the schema
 * types the field (map entries such as labels count as known when the map's
 * value schema rejects the probe). Some fields are declared but left
 * unchecked by the validators (descriptions, JSON schemas, nested
 * ApplicationSet generators); a field the probe passes is unknown unless the
 * package's type declarations name it. Array items are never unknown.
 */
function unknownFields(
  model: ModelClass,
  object: KubeObject,
  declared: Set<string>,
): string[] {
  const unknown: string[] = [];
  const visit = (value: unknown, segments: Array<string | number>) => {
    let children: Array<string | number> = [];
    if (Array.isArray(value)) {
      children = value.map((_, i) => i);
    } else if (value && typeof value === 'object') {
      children = Object.keys(value);
    }
    for (const child of children) {
      const segmentsOfChild = [...segments, child];
      if (
        segmentsOfChild.length === 1 &&
        (child === 'apiVersion' || child === 'kind')
      ) {
        continue;
      }
      const at = pointer(segmentsOfChild);
      const issues = validationIssues(
        model,
        withProbe(object, segmentsOfChild),
      );
      if (issues.some(i => i.instancePath === at)) {
        visit(
          (value as Record<string | number, unknown>)[child],
          segmentsOfChild,
        );
      } else if (typeof child === 'string' && !declared.has(child)) {
        unknown.push(at);
      }
    }
  };
  visit(object, []);
  return unknown;
}

/** A structural schema, as in a CRD's `openAPIV3Schema`. */
export interface StructuralSchema {
  type?: string;
  properties?: Record<string, StructuralSchema>;
  additionalProperties?: boolean | StructuralSchema;
  items?: StructuralSchema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

const OBJECT_META_FIELDS = new Set([
  'name',
  'namespace',
  'labels',
  'annotations',
  'generateName',
  'finalizers',
  'ownerReferences',
]);

function typeOf(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
}

/**
 * Validates a value against a structural schema the way the API server does
 * with strict field validation: types, required fields, enums, bounds and
 * patterns, and every field not in `properties` is unknown unless the schema
 * preserves unknown fields. CEL rules (`x-kubernetes-validations`) are not
 * evaluated.
 */
export function validateStructural(
  schema: StructuralSchema,
  value: unknown,
  at = '',
): string[] {
  if (value === null || value === undefined) {
    return schema.nullable || value === undefined
      ? []
      : [`${at} must not be null`];
  }
  const errors: string[] = [];
  const actual = typeOf(value);
  if (schema['x-kubernetes-int-or-string']) {
    if (actual !== 'string' && actual !== 'integer') {
      errors.push(`${at} must be an integer or a string`);
    }
  } else if (schema.type) {
    const ok =
      schema.type === actual ||
      (schema.type === 'number' && actual === 'integer');
    if (!ok) {
      return [`${at} must be ${schema.type}, got ${actual}`];
    }
  }
  if (schema.enum && !schema.enum.some(e => e === value)) {
    errors.push(`${at} must be one of ${JSON.stringify(schema.enum)}`);
  }
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) {
      errors.push(`${at} must match ${schema.pattern}`);
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      errors.push(`${at} must be at most ${schema.maxLength} characters`);
    }
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      errors.push(`${at} must be at least ${schema.minLength} characters`);
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      errors.push(`${at} must be >= ${schema.minimum}`);
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      errors.push(`${at} must be <= ${schema.maximum}`);
    }
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errors.push(`${at} must have at most ${schema.maxItems} items`);
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      errors.push(`${at} must have at least ${schema.minItems} items`);
    }
    if (schema.items) {
      value.forEach((item, i) =>
        errors.push(...validateStructural(schema.items!, item, `${at}/${i}`)),
      );
    }
  } else if (actual === 'object') {
    const record = value as Record<string, unknown>;
    for (const field of schema.required ?? []) {
      if (record[field] === undefined) {
        errors.push(`${at} must have required property '${field}'`);
      }
    }
    for (const [field, child] of Object.entries(record)) {
      const fieldPath = `${at}${pointer([field])}`;
      const known = schema.properties?.[field];
      if (known) {
        errors.push(...validateStructural(known, child, fieldPath));
      } else if (typeof schema.additionalProperties === 'object') {
        errors.push(
          ...validateStructural(schema.additionalProperties, child, fieldPath),
        );
      } else if (
        !schema['x-kubernetes-preserve-unknown-fields'] &&
        schema.additionalProperties !== true
      ) {
        errors.push(`${fieldPath} is an unknown field`);
      }
    }
  }
  return errors;
}

/** The schemas of the custom resources a stack installs, by `group/version/Kind`. */
export type CrdSchemas = Map<string, StructuralSchema>;

/** Collects the served versions' schemas of rendered CRDs. */
export function crdSchemas(objects: KubeObject[]): CrdSchemas {
  const schemas: CrdSchemas = new Map();
  for (const crd of objects) {
    if (crd.kind !== 'CustomResourceDefinition') {
      continue;
    }
    const spec = crd.spec as {
      group: string;
      names: { kind: string };
      versions: Array<{
        name: string;
        served: boolean;
        schema?: { openAPIV3Schema: StructuralSchema };
      }>;
    };
    for (const version of spec.versions) {
      if (version.served && version.schema) {
        schemas.set(
          `${spec.group}/${version.name}/${spec.names.kind}`,
          version.schema.openAPIV3Schema,
        );
      }
    }
  }
  return schemas;
}

const problemCache = new Map<string, Promise<string[]>>();

/**
 * Every schema problem of one object, as `<path> <message>` lines; `[]`
 * when it is valid. An object whose kind has no schema is a problem too.
 */
export async function schemaProblems(
  object: KubeObject,
  crds: CrdSchemas,
): Promise<string[]> {
  const crd = crds.get(`${object.apiVersion}/${object.kind}`);
  if (crd) {
    const { metadata, ...rest } = object;
    const metaProblems = Object.keys(metadata ?? {})
      .filter(k => !OBJECT_META_FIELDS.has(k))
      .map(k => `/metadata/${k} is an unknown field`);
    const schema: StructuralSchema = {
      ...crd,
      properties: { ...crd.properties, metadata: { type: 'object' } },
    };
    return [
      ...metaProblems,
      ...validateStructural(schema, { ...rest, metadata: {} }),
    ];
  }
  const key = createHash('sha256').update(JSON.stringify(object)).digest('hex');
  let problems = problemCache.get(key);
  if (!problems) {
    problems = modelProblems(object);
    problemCache.set(key, problems);
  }
  return problems;
}

async function modelProblems(object: KubeObject): Promise<string[]> {
  const model = await modelFor(object.apiVersion, object.kind);
  if (!model) {
    return [`no schema for ${object.apiVersion} ${object.kind}`];
  }
  const problems = validationIssues(model, object).map(
    i => `${i.instancePath || '/'} ${i.message ?? 'is invalid'}`,
  );
  const declared = declaredPropertyNames(modelPackage(object.apiVersion)!);
  return [
    ...problems,
    ...unknownFields(model, object, declared).map(
      p => `${p} is an unknown field`,
    ),
  ];
}
