import { redactedExcerpt, redactSecrets, redactValue } from './redaction';

// Credential-shaped fixtures, assembled so no scanner mistakes them for real ones.
const AWS_KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const AWS_SECRET = ['wJalrXUtnFEMI', '/K7MDENG/bPxRfiCY', 'EXAMPLEKEY'].join(
  '',
);
const JWT = [
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
  'eyJzdWIiOiIxMjM0NTY3ODkwIn0',
  'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
].join('.');
const PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
  '-----END PRIVATE KEY-----',
].join('\n');

describe('redactSecrets', () => {
  it.each([
    [
      'URL userinfo',
      'dial postgres://dir:hunter2@db.internal:5432/dir failed',
      'hunter2',
    ],
    ['password=', 'DSN host=db password=hunter2 sslmode=require', 'hunter2'],
    ['quoted password', 'config {"password": "hunter2"}', 'hunter2'],
    ['secret=', 'client_secret=s3cr3tvalue&grant=x', 's3cr3tvalue'],
    ['token=', 'GET /x?token=abcdef123456', 'abcdef123456'],
    ['key=', 'api_key: abcdef123456', 'abcdef123456'],
    ['AWS secret variable', `AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`, AWS_SECRET],
    ['AWS key id', `using ${AWS_KEY_ID} for s3`, AWS_KEY_ID],
    ['AWS secret alone', `creds ${AWS_SECRET} loaded`, AWS_SECRET],
    [
      'bearer token',
      'Authorization: Bearer abc.def-ghi_123',
      'abc.def-ghi_123',
    ],
    ['JWT', `id token ${JWT} rejected`, JWT],
    [
      'PEM block',
      `loaded ${PEM} ok`,
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
    ],
    ['cut PEM block', PEM.slice(0, 60), 'MIIEvQIB'],
  ])('removes %s', (_, text, secret) => {
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('[redacted]');
  });

  it('keeps ordinary log lines and hashes', () => {
    const lines = [
      '2026-11-30T10:00:00Z Successfully obtained valid X509-SVID',
      'containerd://4b825dc642cb6eb9a060e54bf8d69288fbee49044b825dc642cb6eb9a060e54b',
      'commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904',
      'Deployment dir-apiserver has 1/1 replicas ready',
    ];
    for (const line of lines) {
      expect(redactSecrets(line)).toBe(line);
    }
  });

  it('does not redact twice', () => {
    expect(redactSecrets('token: Bearer abcdefgh')).toBe(
      'token: Bearer [redacted]',
    );
    expect(redactSecrets(redactSecrets('token=abcdefgh'))).toBe(
      'token=[redacted]',
    );
  });
});

describe('redactedExcerpt', () => {
  it('cuts a huge body to a short single line, redacted', () => {
    const body = `<html>\n<body>password=hunter2 ${'x'.repeat(
      5_000_000,
    )}</body>`;
    const excerpt = redactedExcerpt(body, 100);
    expect(excerpt.length).toBeLessThanOrEqual(101);
    expect(excerpt).toMatch(/…$/);
    expect(excerpt).not.toContain('\n');
    expect(excerpt).not.toContain('hunter2');
  });

  it('keeps a short body whole', () => {
    expect(redactedExcerpt('not found')).toBe('not found');
  });
});

describe('redactValue', () => {
  it('redacts strings and credential properties anywhere in a value', () => {
    expect(
      redactValue({
        pods: [{ line: 'token=abcdef', name: 'dir-0' }],
        password: 'hunter2',
        count: 2,
      }),
    ).toEqual({
      pods: [{ line: 'token=[redacted]', name: 'dir-0' }],
      password: '[redacted]',
      count: 2,
    });
  });

  it('copies only what holds something to redact, and never changes its input', () => {
    const clean = { name: 'dir-0', ready: true, tags: ['a', 'b'] };
    const value = {
      clean,
      pods: [{ line: 'password=hunter2' }, { line: 'ok' }],
    };
    const before = JSON.stringify(value);

    const redacted = redactValue(value);

    expect(JSON.stringify(value)).toBe(before);
    expect(redacted.clean).toBe(clean);
    expect(redacted.pods[1]).toBe(value.pods[1]);
    expect(redacted.pods[0]).toEqual({ line: 'password=[redacted]' });
    expect(redactValue(clean)).toBe(clean);
  });
});
