/** An attribute of a client-node model, as its `getAttributeTypeMap` lists it. */
interface ModelAttribute {
  /** The property name on the model. */
  name: string;
  /** The JSON name on the wire. */
  baseName: string;
  /** e.g. `Date`, `V1ObjectMeta`, `Array<V1Container>`, `{ [key: string]: string; }`. */
  type: string;
}

/** What turns a value of the wire into the value client-node's model holds. */
type Shape =
  | { kind: 'date' }
  | { kind: 'array'; of: Shape }
  | { kind: 'map'; of: Shape }
  | { kind: 'model'; fields: FieldShape[] };

/** A field of a model whose value changes, or whose name does. */
interface FieldShape {
  wire: string;
  name: string;
  shape?: Shape;
}

const DATE: Shape = { kind: 'date' };
const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;
const NULLABLE = / \| (?:null|undefined)$/;

/**
 * client-node's models, reduced to what its deserialization changes in
 * parsed JSON: fields of type `Date` (parsed from their strings) and fields
 * whose property name is not their wire name (`metadata.continue` is
 * `metadata._continue`). Everything else of the model is the JSON as sent.
 *
 * {@link ModelShapes.revive} gives parsed JSON the shape client-node's
 * `ObjectSerializer.deserialize` would, in place, visiting only the fields
 * it changes: parsing and shaping a list of pods takes about a third of the
 * CPU of client-node's parse and deserialization, and makes none of
 * the second copy of every object. Values are plain objects rather than
 * instances of the model classes (which have no methods). The shapes are
 * read from the models' own attribute maps, so they follow the installed
 * client-node.
 */
export class ModelShapes {
  readonly #k8s: Record<string, unknown>;
  readonly #models = new Map<string, Shape | undefined>();

  constructor(k8s: typeof import('@kubernetes/client-node')) {
    this.#k8s = k8s as unknown as Record<string, unknown>;
  }

  /**
   * Brings parsed JSON of client-node model `model` (e.g. `V1PodList`) to
   * the model's shape, in place, and returns it. A value of another JSON type
   * than its field's is left as it is.
   */
  revive<T>(value: unknown, model: string): T {
    const shape = this.#model(model);
    return (shape ? reviveValue(value, shape) : value) as T;
  }

  #shapeOf(type: string): Shape | undefined {
    const bare = type.replace(NULLABLE, '');
    if (bare === 'Date') {
      return DATE;
    }
    const array = ARRAY.exec(bare);
    if (array) {
      const of = this.#shapeOf(array[1]);
      return of && { kind: 'array', of };
    }
    const map = MAP.exec(bare);
    if (map) {
      const of = this.#shapeOf(map[1]);
      return of && { kind: 'map', of };
    }
    return this.#model(bare);
  }

  #model(name: string): Shape | undefined {
    if (this.#models.has(name)) {
      return this.#models.get(name);
    }
    const model = this.#k8s[name] as
      | { getAttributeTypeMap?: () => ModelAttribute[] }
      | undefined;
    if (typeof model?.getAttributeTypeMap !== 'function') {
      // A primitive, an enum, `IntOrString` or `any`: kept as sent.
      this.#models.set(name, undefined);
      return undefined;
    }
    const shape: Shape = { kind: 'model', fields: [] };
    // Set first: a model that contains itself refers to this shape.
    this.#models.set(name, shape);
    for (const attribute of model.getAttributeTypeMap()) {
      const inner = this.#shapeOf(attribute.type);
      if (inner || attribute.name !== attribute.baseName) {
        shape.fields.push({
          wire: attribute.baseName,
          name: attribute.name,
          shape: inner,
        });
      }
    }
    if (shape.fields.length === 0) {
      this.#models.set(name, undefined);
      return undefined;
    }
    return shape;
  }
}

function reviveValue(value: unknown, shape: Shape): unknown {
  if (value === null || value === undefined) {
    return value;
  }
  switch (shape.kind) {
    case 'date':
      return typeof value === 'string' ? new Date(value) : value;
    case 'array':
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          value[index] = reviveValue(value[index], shape.of);
        }
      }
      return value;
    case 'map':
      if (typeof value === 'object' && !Array.isArray(value)) {
        const map = value as Record<string, unknown>;
        for (const key of Object.keys(map)) {
          map[key] = reviveValue(map[key], shape.of);
        }
      }
      return value;
    default:
      if (typeof value === 'object' && !Array.isArray(value)) {
        reviveFields(value as Record<string, unknown>, shape.fields);
      }
      return value;
  }
}

function reviveFields(
  object: Record<string, unknown>,
  fields: FieldShape[],
): void {
  for (const field of fields) {
    const value = object[field.wire];
    if (value === undefined) {
      continue;
    }
    if (field.name !== field.wire) {
      delete object[field.wire];
    }
    object[field.name] = field.shape ? reviveValue(value, field.shape) : value;
  }
}
