import { ConfigReader } from '@backstage/config';
import { EksTokenFactory } from './EksTokenFactory';

const config = new ConfigReader({
  aws: {
    mainAccount: {
      accessKeyId: 'AKIAEXAMPLEKEY123456',
      secretAccessKey: 'example-secret-access-key',
    },
  },
});

function decode(token: string): URL {
  expect(token.startsWith('k8s-aws-v1.')).toBe(true);
  const encoded = token.slice('k8s-aws-v1.'.length);
  expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
  return new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
}

describe('EksTokenFactory', () => {
  const region = process.env.AWS_REGION;
  afterEach(() => {
    if (region === undefined) {
      delete process.env.AWS_REGION;
    } else {
      process.env.AWS_REGION = region;
    }
  });

  it('presigns STS GetCallerIdentity bound to the cluster id', async () => {
    delete process.env.AWS_REGION;
    const token = await EksTokenFactory.fromConfig(config).createToken({
      name: 'prod-eks-1',
      awsClusterId: 'prod-eks',
    });
    const url = decode(token);
    expect(url.protocol).toBe('https:');
    expect(url.host).toBe('sts.us-east-1.amazonaws.com');
    expect(url.pathname).toBe('/');
    const q = url.searchParams;
    expect(q.get('Action')).toBe('GetCallerIdentity');
    expect(q.get('Version')).toBe('2011-06-15');
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toMatch(
      /^AKIAEXAMPLEKEY123456\/\d{8}\/us-east-1\/sts\/aws4_request$/,
    );
    expect(q.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['host', 'x-k8s-aws-id']),
    );
    expect(q.get('X-Amz-Expires')).toBe('60');
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toContain('example-secret-access-key');
  });

  it('uses AWS_REGION and falls back to the cluster name as cluster id', async () => {
    process.env.AWS_REGION = 'eu-west-1';
    const factory = EksTokenFactory.fromConfig(config);
    const a = decode(await factory.createToken({ name: 'a' }));
    const b = decode(await factory.createToken({ name: 'b' }));
    expect(a.host).toBe('sts.eu-west-1.amazonaws.com');
    // The cluster id is a signed header, so tokens for two clusters differ.
    expect(a.searchParams.get('X-Amz-Signature')).not.toBe(
      b.searchParams.get('X-Amz-Signature'),
    );
  });
});
