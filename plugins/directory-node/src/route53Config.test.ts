import { ConfigReader } from '@backstage/config';
import { readRoute53Settings } from './route53Config';

describe('readRoute53Settings', () => {
  it('defaults to the AWS endpoint in us-east-1', () => {
    expect(readRoute53Settings(new ConfigReader({}))).toEqual({
      awsConfigured: false,
      endpoint: undefined,
      region: 'us-east-1',
      accountId: undefined,
    });
  });

  it('reads directory.route53 and whether aws is configured', () => {
    expect(
      readRoute53Settings(
        new ConfigReader({
          aws: { mainAccount: {} },
          directory: {
            route53: {
              endpoint: 'http://localhost:4566',
              region: 'eu-west-1',
              accountId: '123456789012',
            },
          },
        }),
      ),
    ).toEqual({
      awsConfigured: true,
      endpoint: 'http://localhost:4566',
      region: 'eu-west-1',
      accountId: '123456789012',
    });
  });

  it('names the key and the rule of a bad endpoint', () => {
    expect(() =>
      readRoute53Settings(
        new ConfigReader({ directory: { route53: { endpoint: 'localhost' } } }),
      ),
    ).toThrow(
      "Invalid config at 'directory.route53.endpoint': must be an http(s) URL",
    );
  });
});
