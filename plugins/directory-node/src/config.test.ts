import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { mockServices } from '@backstage/backend-test-utils';
import { readDirectoryClusters } from './config';

/** Plain config data, as ConfigReader takes it. */
type ConfigData = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

function configWith(clusterLocatorMethods: ConfigData[]) {
  return new ConfigReader({ kubernetes: { clusterLocatorMethods } });
}

describe('readDirectoryClusters', () => {
  it('reads config locators and keeps the token out of the result', () => {
    const clusters = readDirectoryClusters(
      configWith([
        {
          type: 'config',
          clusters: [
            {
              name: 'prod-eks-1',
              title: 'Production',
              url: 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
              authProvider: 'aws',
              assumeRole: 'arn:aws:iam::123456789012:role/backstage',
              externalId: 'ext-1',
              caData: 'Q0E=',
              authMetadata: { 'kubernetes.io/x-k8s-aws-id': 'prod-eks' },
            },
            {
              name: 'dev',
              url: 'https://dev.example.com:6443',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'very-secret-token',
              skipTLSVerify: true,
            },
          ],
        },
      ]),
    );
    expect(clusters).toEqual([
      {
        name: 'prod-eks-1',
        title: 'Production',
        url: 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
        authProvider: 'aws',
        skipTLSVerify: false,
        caData: 'Q0E=',
        assumeRole: 'arn:aws:iam::123456789012:role/backstage',
        externalId: 'ext-1',
        awsClusterId: 'prod-eks',
      },
      {
        name: 'dev',
        url: 'https://dev.example.com:6443',
        authProvider: 'serviceAccount',
        skipTLSVerify: true,
      },
    ]);
    expect(JSON.stringify(clusters)).not.toContain('very-secret-token');
  });

  it('takes the auth provider and AWS settings from authMetadata', () => {
    const [cluster] = readDirectoryClusters(
      configWith([
        {
          type: 'config',
          clusters: [
            {
              name: 'c',
              url: 'https://c.example.com',
              authMetadata: {
                'kubernetes.io/auth-provider': 'aws',
                'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/r',
                'kubernetes.io/aws-external-id': 'x',
              },
            },
          ],
        },
      ]),
    );
    expect(cluster).toMatchObject({
      authProvider: 'aws',
      assumeRole: 'arn:aws:iam::1:role/r',
      externalId: 'x',
    });
  });

  it('skips other locator types with a debug log', () => {
    const logger = mockServices.logger.mock();
    const clusters = readDirectoryClusters(
      configWith([
        { type: 'catalog' },
        {
          type: 'config',
          clusters: [{ name: 'a', url: 'https://a', authProvider: 'aws' }],
        },
      ]),
      { logger },
    );
    expect(clusters.map(c => c.name)).toEqual(['a']);
    expect(logger.debug).toHaveBeenCalledWith(
      expect.stringContaining(
        "kubernetes.clusterLocatorMethods[0] of type 'catalog'",
      ),
    );
  });

  it('returns no clusters when the kubernetes config is absent', () => {
    expect(readDirectoryClusters(new ConfigReader({}))).toEqual([]);
  });

  it.each([
    [
      { name: 'a', url: 'not a url', authProvider: 'aws' },
      "'kubernetes.clusterLocatorMethods[0].clusters[0].url': must be an absolute URL",
    ],
    [
      { name: 'a', url: 'ftp://a', authProvider: 'aws' },
      "clusters[0].url': must be an http or https URL",
    ],
    [
      { name: 'a', url: 'https://a' },
      "'kubernetes.clusterLocatorMethods[0].clusters[0].authProvider': cluster 'a' has no auth provider",
    ],
    [
      { url: 'https://a', authProvider: 'aws' },
      "'kubernetes.clusterLocatorMethods[0].clusters[0].name'",
    ],
    [
      {
        name: 'a',
        url: 'https://a',
        authProvider: 'aws',
        skipTLSVerify: 'maybe',
      },
      "'kubernetes.clusterLocatorMethods[0].clusters[0].skipTLSVerify'",
    ],
  ])('rejects bad cluster config %j', (cluster, message) => {
    const read = () =>
      readDirectoryClusters(
        configWith([{ type: 'config', clusters: [cluster] }]),
      );
    expect(read).toThrow(InputError);
    expect(read).toThrow(message);
  });

  it('rejects duplicate cluster names across locators', () => {
    const cluster = { name: 'a', url: 'https://a', authProvider: 'aws' };
    expect(() =>
      readDirectoryClusters(
        configWith([
          { type: 'config', clusters: [cluster] },
          { type: 'config', clusters: [cluster] },
        ]),
      ),
    ).toThrow(
      "Invalid config at 'kubernetes.clusterLocatorMethods[1].clusters[0].name': cluster names must be unique, 'a' appears twice",
    );
  });
});
