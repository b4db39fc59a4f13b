import {
  isLocalOnlyTrustDomain,
  validateBaseDomain,
  validateKubernetesName,
  validateTrustDomain,
} from './validation';

describe('validateTrustDomain', () => {
  it.each(['acme.com', 'prod.acme-corp.io', 'my_org.internal', '10.0.0.1'])(
    'accepts %s',
    td => {
      expect(validateTrustDomain(td)).toEqual([]);
    },
  );

  it.each([
    ['', 'non-empty'],
    ['Acme.com', 'lowercase'],
    ['spiffe://acme.com', 'scheme'],
    ['https://acme.com', 'scheme'],
    ['acme.com:8443', 'port'],
    ['acme.com/path', 'path'],
    ['user@acme.com', 'userinfo'],
    ['acme..com', 'empty labels'],
    ['.acme.com', 'empty labels'],
    ['acme.com.', 'empty labels'],
    ['acme com', 'may only contain'],
    ['acme%2ecom', 'may only contain'],
    ['acme.com\nfoo', 'may only contain'],
    ['acme.com: {a: 1}', 'port or userinfo'],
    ['"acme.com"', 'may only contain'],
    [`${'a'.repeat(252)}.com`, '255 bytes'],
  ])('refuses %j (%s)', (td, rule) => {
    const problems = validateTrustDomain(td);
    expect(problems.join(' ')).toContain(rule);
  });

  it('refuses local-only trust domains outside dev', () => {
    expect(validateTrustDomain('example.org').join(' ')).toContain('local use only');
    expect(validateTrustDomain('example.org', { environment: 'staging' })).not.toEqual([]);
    expect(validateTrustDomain('example.org', { environment: 'dev' })).toEqual([]);
  });

  it('knows the local-only names', () => {
    expect(isLocalOnlyTrustDomain('example.org')).toBe(true);
    expect(isLocalOnlyTrustDomain('dir.cluster.local')).toBe(true);
    expect(isLocalOnlyTrustDomain('acme.com')).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(validateTrustDomain(42)).toEqual(['must be a non-empty string']);
  });
});

describe('validateBaseDomain', () => {
  it('accepts a DNS name', () => {
    expect(validateBaseDomain('dir.acme.com')).toEqual([]);
  });

  it.each(['acme', 'Acme.com', '-acme.com', 'acme_corp.com', 'acme.com.', 'a: b.com'])(
    'refuses %j',
    domain => {
      expect(validateBaseDomain(domain)).not.toEqual([]);
    },
  );
});

describe('validateKubernetesName', () => {
  it('accepts a DNS-1123 label', () => {
    expect(validateKubernetesName('dir-prod-dir')).toEqual([]);
  });

  it.each(['Dir', 'dir_prod', '-dir', 'dir-', 'a'.repeat(64)])('refuses %j', name => {
    expect(validateKubernetesName(name)).not.toEqual([]);
  });
});
