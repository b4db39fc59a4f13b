/**
 * Label and field selectors as the Kubernetes API server parses them.
 */

type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

/** A parsed selector; a failure carries the API server's message. */
export type Selector<T> =
  | { ok: true; matches: (subject: T) => boolean }
  | { ok: false; message: string };

/** Splits on commas that are not inside `( )`. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(t => t.length > 0);
}

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function parseLabelTerm(term: string): Requirement | string {
  let match = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (match) {
    const values = match[3].split(',').map(v => v.trim());
    return { key: match[1], op: match[2] as 'in' | 'notin', values };
  }
  match = /^(\S+?)\s*(==|!=|=)\s*(\S*)$/.exec(term);
  if (match) {
    return {
      key: match[1],
      op: match[2] === '!=' ? 'notin' : 'in',
      values: [match[3]],
    };
  }
  match = /^(!?)\s*(\S+)$/.exec(term);
  if (match) {
    return { key: match[2], op: match[1] ? '!exists' : 'exists' };
  }
  return `unable to parse requirement: ${term}`;
}

/** Parses `labelSelector` (=, ==, !=, in, notin, exists, !exists). */
export function parseLabelSelector(
  selector: string | null,
): Selector<Record<string, string> | undefined> {
  const requirements: Requirement[] = [];
  for (const term of splitTerms(selector ?? '')) {
    const parsed = parseLabelTerm(term);
    if (typeof parsed === 'string') {
      return { ok: false, message: parsed };
    }
    if (!LABEL_KEY.test(parsed.key)) {
      return {
        ok: false,
        message: `unable to parse requirement: invalid label key "${parsed.key}"`,
      };
    }
    const bad =
      'values' in parsed
        ? parsed.values.find(v => !LABEL_VALUE.test(v) || v.length > 63)
        : undefined;
    if (bad !== undefined) {
      return {
        ok: false,
        message: `unable to parse requirement: invalid label value: "${bad}"`,
      };
    }
    requirements.push(parsed);
  }
  return {
    ok: true,
    matches: labels =>
      requirements.every(r => {
        const value = labels?.[r.key];
        switch (r.op) {
          case 'exists':
            return value !== undefined;
          case '!exists':
            return value === undefined;
          case 'in':
            return value !== undefined && r.values.includes(value);
          default:
            return value === undefined || !r.values.includes(value);
        }
      }),
  };
}

/** The fields every kind supports, plus `status.phase` (pods). */
const FIELD_READERS: Record<string, (obj: FieldSubject) => string | undefined> =
  {
    'metadata.name': obj => obj.metadata.name,
    'metadata.namespace': obj => obj.metadata.namespace,
    'status.phase': obj => {
      const status = obj.status as { phase?: unknown } | undefined;
      return typeof status?.phase === 'string' ? status.phase : undefined;
    },
  };

/** What a field selector reads. */
export interface FieldSubject {
  kind: string;
  metadata: { name: string; namespace?: string };
  status?: unknown;
}

/** Parses `fieldSelector` (=, ==, != on metadata.name, metadata.namespace, status.phase). */
export function parseFieldSelector(
  selector: string | null,
  kind: string,
): Selector<FieldSubject> {
  const terms: Array<{ field: string; equal: boolean; value: string }> = [];
  for (const term of splitTerms(selector ?? '')) {
    const match = /^([^=!\s]+)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (!match) {
      return {
        ok: false,
        message: `invalid selector: '${selector}'; can't understand '${term}'`,
      };
    }
    const [, field, op, value] = match;
    if (
      !FIELD_READERS[field] ||
      (field === 'status.phase' &&
        kind !== 'Pod' &&
        kind !== 'Namespace' &&
        kind !== 'PersistentVolumeClaim')
    ) {
      return { ok: false, message: `field label not supported: ${field}` };
    }
    terms.push({ field, equal: op !== '!=', value });
  }
  return {
    ok: true,
    matches: obj =>
      terms.every(
        t => ((FIELD_READERS[t.field](obj) ?? '') === t.value) === t.equal,
      ),
  };
}
