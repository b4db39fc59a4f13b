/**
 * Syntax rules shared by the scaffolder actions, the template form, the
 * catalog processor and the backend. Each rule returns the problems it finds
 * as sentences that name the rule; an empty list means the value is valid.
 */

/** Trust domains that only make sense on a laptop or in a kind cluster. @public */
export const LOCAL_ONLY_TRUST_DOMAINS = [
  'example.org',
  'example.com',
  'example.net',
  'localhost',
  'local',
  'cluster.local',
  'test',
  'invalid',
] as const;

/** @public */
export const TRUST_DOMAIN_MAX_BYTES = 255;

/** @public */
export interface TrustDomainValidationOptions {
  /**
   * The environment the trust domain is for. Local-only values such as
   * `example.org` are refused for anything but `dev`.
   */
  environment?: string;
}

/**
 * Whether a trust domain is reserved for local use and cannot federate.
 * @public
 */
export function isLocalOnlyTrustDomain(trustDomain: string): boolean {
  const td = trustDomain.toLowerCase();
  return LOCAL_ONLY_TRUST_DOMAINS.some(
    local => td === local || td.endsWith(`.${local}`),
  );
}

/**
 * Validates a SPIFFE trust domain name (SPIFFE-ID.md): lowercase
 * `[a-z0-9._-]`, at most 255 bytes, no scheme, no port, no userinfo, no path,
 * no empty labels. `example.org` and other local-only values are refused for
 * any environment other than `dev`.
 * @public
 */
export function validateTrustDomain(
  value: unknown,
  options: TrustDomainValidationOptions = {},
): string[] {
  if (typeof value !== 'string' || value.length === 0) {
    return ['must be a non-empty string'];
  }
  const problems: string[] = [];
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(value)) {
    problems.push('must not include a scheme such as spiffe:// or https://');
  } else if (value.includes(':')) {
    problems.push('must not include a port or userinfo (no ":")');
  }
  if (value.includes('/')) {
    problems.push('must not include a path (no "/")');
  }
  if (value.includes('@')) {
    problems.push('must not include userinfo (no "@")');
  }
  if (new TextEncoder().encode(value).length > TRUST_DOMAIN_MAX_BYTES) {
    problems.push(`must be at most ${TRUST_DOMAIN_MAX_BYTES} bytes`);
  }
  if (/[A-Z]/.test(value)) {
    problems.push('must be lowercase');
  }
  if (problems.length === 0 && !/^[a-z0-9._-]+$/.test(value)) {
    problems.push(
      'may only contain lowercase letters, digits, ".", "-" and "_" (no spaces, quotes or percent-encoding)',
    );
  }
  if (problems.length === 0 && value.split('.').some(label => label === '')) {
    problems.push('must not have empty labels (no leading, trailing or double dots)');
  }
  if (
    problems.length === 0 &&
    (options.environment ?? 'prod') !== 'dev' &&
    isLocalOnlyTrustDomain(value)
  ) {
    problems.push(
      `"${value}" is for local use only and cannot federate; it is allowed only for the dev environment`,
    );
  }
  return problems;
}

/**
 * Validates a DNS base domain under which the five hosts are created
 * (RFC 1123 host name, at least two labels, no trailing dot).
 * @public
 */
export function validateBaseDomain(value: unknown): string[] {
  if (typeof value !== 'string' || value.length === 0) {
    return ['must be a non-empty string'];
  }
  if (value.length > 253 - 'oidc-discovery.spire.'.length) {
    return ['must be short enough for oidc-discovery.spire.<baseDomain> to fit in 253 characters'];
  }
  const labels = value.split('.');
  if (labels.length < 2) {
    return ['must be a DNS name with at least two labels, such as acme.com'];
  }
  for (const label of labels) {
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) {
      return [
        'must be a lowercase DNS name: labels of letters, digits and "-", 1 to 63 characters, not starting or ending with "-"',
      ];
    }
  }
  return [];
}

/**
 * Validates a Kubernetes DNS-1123 label (namespaces, Helm release names).
 * @public
 */
export function validateKubernetesName(value: unknown, maxLength = 63): string[] {
  if (typeof value !== 'string' || value.length === 0) {
    return ['must be a non-empty string'];
  }
  if (value.length > maxLength) {
    return [`must be at most ${maxLength} characters`];
  }
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(value)) {
    return [
      'must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit',
    ];
  }
  return [];
}
