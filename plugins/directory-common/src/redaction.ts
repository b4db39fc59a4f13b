/**
 * Redaction of credential-like text. Everything Directory Ops serves, stores
 * or logs that came from outside (log lines, remote error bodies, check
 * details) passes through here first.
 */

/**
 * What replaces a credential.
 * @public
 */
export const REDACTED = '[redacted]';

/**
 * The longest excerpt of a remote error body that is kept.
 * @public
 */
export const DEFAULT_EXCERPT_LENGTH = 200;

/** An AWS secret access key: 40 characters of base64 with mixed case and digits. */
function looksLikeAwsSecret(candidate: string): boolean {
  return (
    /[A-Z]/.test(candidate) &&
    /[a-z]/.test(candidate) &&
    /[0-9]/.test(candidate)
  );
}

/**
 * Each pattern with a cheap test that any text it matches passes, so most
 * text (summaries, names) is not scanned by the costlier patterns at all.
 */
const REPLACEMENTS: Array<{
  mayMatch: (text: string) => boolean;
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}> = [
  // PEM blocks, also when cut before their END line.
  {
    mayMatch: text => text.includes('-----BEGIN '),
    pattern:
      /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g,
    replace: () => `${REDACTED} PEM block`,
  },
  // JSON Web Tokens.
  {
    mayMatch: text => text.includes('eyJ'),
    pattern: /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?/g,
    replace: () => REDACTED,
  },
  // Authorization header values.
  {
    mayMatch: text => /bearer|basic/i.test(text),
    pattern: /\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]{6,}/gi,
    replace: (_, scheme: string, space: string) =>
      `${scheme}${space}${REDACTED}`,
  },
  // URL userinfo: scheme://user:password@host.
  {
    mayMatch: text => text.includes('://') && text.includes('@'),
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@?#]+@/gi,
    replace: (_, scheme: string) => `${scheme}${REDACTED}@`,
  },
  // key=value and "key": "value" pairs whose key names a credential.
  {
    mayMatch: text =>
      /password|passwd|pwd|secret|token|key|credential/i.test(text),
    pattern:
      /([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|key|credential)s?)(["']?\s*[=:]\s*)(?!\[redacted\]|(?:Bearer|Basic)\s)("[^"]*"|'[^']*'|[^\s&,;"'})\]]+)/gi,
    replace: (_, key: string, separator: string) =>
      `${key}${separator}${REDACTED}`,
  },
  // AWS access key ids.
  {
    mayMatch: text => text.length >= 20,
    pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g,
    replace: () => REDACTED,
  },
  // AWS secret access keys on their own.
  {
    mayMatch: text => text.length >= 40,
    pattern: /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    replace: match => (looksLikeAwsSecret(match) ? REDACTED : match),
  },
];

/**
 * Replaces credential-like text with `[redacted]`: URL userinfo,
 * `password=`, `secret=`, `token=`, `key=` (and `"key": "…"`) values, AWS
 * key ids and secret keys, bearer tokens, JWTs and PEM blocks.
 * @public
 */
export function redactSecrets(text: string): string {
  let result = text;
  for (const { mayMatch, pattern, replace } of REPLACEMENTS) {
    if (mayMatch(result)) {
      result = result.replace(pattern, replace as (match: string) => string);
    }
  }
  return result;
}

/**
 * A short, redacted, single-line excerpt of text from outside, such as a
 * remote error body: at most `maxLength` characters, with `…` when cut.
 * @public
 */
export function redactedExcerpt(
  text: string,
  maxLength: number = DEFAULT_EXCERPT_LENGTH,
): string {
  // Cut before redacting, so a huge body costs no more than a short one;
  // the margin keeps a secret that straddles the cut recognisable.
  const head = text.slice(0, maxLength * 2);
  const line = redactSecrets(head).replace(/\s+/g, ' ').trim();
  return line.length > maxLength || text.length > head.length
    ? `${line.slice(0, maxLength)}…`
    : line;
}

/** Property names whose string values are credentials. */
const CREDENTIAL_PROPERTY =
  /^(?:password|passwd|secret|token|apiKey|api_key|accessKey|secretAccessKey|privateKey|credentials?|authorization)$/i;

/**
 * Redacts every string in a JSON-like value, and replaces the value of any
 * property whose name says it holds a credential. The value is not changed:
 * what holds something to redact is copied, and the rest (most of a check
 * result) is returned as it is.
 * @public
 */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') {
    return redactSecrets(value) as T;
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  // Plain loops: a poll redacts every result, and most of a result is
  // returned as it is.
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const redacted = redactValue(item);
      if (redacted !== item) {
        copy ??= value.slice();
        copy[index] = redacted;
      }
    }
    return (copy ?? value) as T;
  }
  const object = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    const item = object[key];
    const redacted =
      typeof item === 'string' && CREDENTIAL_PROPERTY.test(key)
        ? REDACTED
        : redactValue(item);
    if (redacted !== item) {
      copy ??= { ...object };
      copy[key] = redacted;
    }
  }
  return (copy ?? value) as T;
}
