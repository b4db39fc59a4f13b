import { InputError } from '@backstage/errors';
import {
  InputOverrides,
  validDeploymentInput,
} from '../__testUtils__/deployment';
import { INPUT_LIMITS } from '../config';
import { parseDeploymentInput } from './input';
import { MAX_INSTANCE_NAME_LENGTH, derivedNameProblems } from './layout';

function refusal(overrides: InputOverrides): string {
  try {
    parseDeploymentInput(validDeploymentInput(overrides));
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('the input was accepted');
}

const peer = (i: number) => ({
  trustDomain: `peer${i}.example-corp.io`,
  bundleEndpointURL: `https://spire.peer${i}.example-corp.io`,
  profile: 'https_web',
});

describe('the deployment input schema', () => {
  it('applies the production defaults', () => {
    const input = parseDeploymentInput(validDeploymentInput());
    expect(input).toMatchObject({
      environment: 'prod',
      targetPath: '.',
      releaseVersion: 'v1.7.0',
      storageClass: 'ebs-sc-encrypted',
      storage: { routing: '20Gi', database: '5Gi', zot: '100Gi' },
      rateLimit: { globalRps: 500, perClientRps: 100, perClientBurst: 200 },
      vault: {
        secretStore: 'vault-backend',
        secretStoreKind: 'ClusterSecretStore',
      },
      zotStorage: 'pvc',
      monitoring: false,
      spire: {
        reuseExisting: false,
        className: 'dir-spire',
        caSubject: { country: 'US', organization: 'AGNTCY Directory' },
      },
    });
  });

  it('treats the empty strings of an unfilled form field as absent', () => {
    const input = parseDeploymentInput(
      validDeploymentInput({ route53HostedZoneId: '' }),
    );
    expect(input.route53HostedZoneId).toBeUndefined();
  });

  it('bounds the instance name so that every derived name fits', () => {
    expect(MAX_INSTANCE_NAME_LENGTH).toBe(26);
    expect(derivedNameProblems('a'.repeat(26))).toEqual([]);
    expect(derivedNameProblems('a'.repeat(27))).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the OIDC discovery provider Service'),
      ]),
    );
    expect(refusal({ name: 'a'.repeat(27) })).toMatch(
      /^Invalid input 'name': must be at most 26 characters/,
    );
  });

  it('refuses releases older than v1.7.0, with the reason', () => {
    expect(refusal({ releaseVersion: 'v1.6.3' })).toContain(
      "Invalid input 'releaseVersion': must be v1.7.0 or later",
    );
    expect(refusal({ releaseVersion: 'v1.6.3' })).toContain(
      'advertised_registry_address',
    );
    expect(() =>
      parseDeploymentInput(validDeploymentInput({ releaseVersion: 'v1.10.0' })),
    ).not.toThrow();
  });

  const long = (n: number) => 'a'.repeat(n);
  it.each([
    ['environment', { environment: long(INPUT_LIMITS.environment + 1) }],
    [
      'cluster.server',
      {
        cluster: {
          name: 'eks',
          server: `https://k8s.acme.com/${long(INPUT_LIMITS.clusterServer)}`,
        },
      },
    ],
    [
      'gitops.repoUrl',
      {
        gitops: {
          repoUrl: `https://github.com/acme/${long(INPUT_LIMITS.repoUrl)}`,
          targetRevision: 'main',
          path: '.',
        },
      },
    ],
    [
      'gitops.path',
      {
        gitops: {
          repoUrl: 'https://github.com/acme/gitops.git',
          targetRevision: 'main',
          path: long(INPUT_LIMITS.gitopsPath + 1),
        },
      },
    ],
    [
      'vault.path',
      { vault: { path: `secret/${long(INPUT_LIMITS.vaultPath)}` } },
    ],
    [
      'federateWith[0].bundleEndpointURL',
      {
        federateWith: [
          {
            ...peer(0),
            bundleEndpointURL: `https://spire.p.io/${long(
              INPUT_LIMITS.bundleEndpointURL,
            )}`,
          },
        ],
      },
    ],
    [
      'federateWith[0].trustDomainBundle',
      {
        federateWith: [
          {
            trustDomain: 'p.io',
            bundleEndpointURL: 'https://spire.p.io',
            profile: 'https_spiffe',
            endpointSPIFFEID: 'spiffe://p.io/spire/server',
            trustDomainBundle: `{"keys":[{"x":"${long(
              INPUT_LIMITS.trustDomainBundle,
            )}"}]}`,
          },
        ],
      },
    ],
    [
      'federateWith[0].trustDomain',
      {
        federateWith: [
          {
            ...peer(0),
            trustDomain: `${long(60)}.${long(60)}.${long(60)}.${long(60)}.io`,
          },
        ],
      },
    ],
    [
      'federateWith',
      {
        federateWith: Array.from(
          { length: INPUT_LIMITS.federationPeers + 1 },
          (_, i) => peer(i),
        ),
      },
    ],
  ])('refuses a %s over its bound, naming the field', (field, overrides) => {
    expect(refusal(overrides as InputOverrides)).toMatch(
      new RegExp(
        `^Invalid input '${field.replace(
          /[[\].]/g,
          '\\$&',
        )}': must (be|list) at most`,
      ),
    );
  });

  it(`accepts ${INPUT_LIMITS.federationPeers} peers`, () => {
    const input = parseDeploymentInput(
      validDeploymentInput({
        federateWith: Array.from(
          { length: INPUT_LIMITS.federationPeers },
          (_, i) => peer(i),
        ),
      }),
    );
    expect(input.federateWith).toHaveLength(INPUT_LIMITS.federationPeers);
  });

  it.each([
    ['storageClass', { storageClass: 'true' }],
    ['certIssuer', { certIssuer: '010' }],
    ['vault.secretStore', { vault: { secretStore: 'on' } }],
    ['vault.path', { vault: { path: '1e3' } }],
    [
      'cluster.name',
      { cluster: { name: 'no', server: 'https://k8s.acme.com' } },
    ],
    ['trustDomain', { trustDomain: '1.5' }],
  ])(
    'refuses a %s the charts would write unquoted as a non-string',
    (field, overrides) => {
      expect(refusal(overrides as InputOverrides)).toBe(
        `Invalid input '${field}': must not read as a number, boolean or null in YAML (such as true, 010 or 1e3): the charts write it unquoted`,
      );
    },
  );

  it('allows a local-only peer trust domain only in dev', () => {
    const local = {
      federateWith: [{ ...peer(0), trustDomain: 'example.org' }],
    };
    expect(refusal(local)).toContain(
      'Invalid input \'federateWith[0].trustDomain\': "example.org" is for local use only',
    );
    expect(() =>
      parseDeploymentInput(
        validDeploymentInput({ ...local, environment: 'dev' }),
      ),
    ).not.toThrow();
  });

  it('refuses unknown fields and CA subjects the strict SPIRE mode refuses', () => {
    expect(refusal({ extra: true })).toBe(
      "Invalid input 'input': has unknown field(s) extra",
    );
    expect(refusal({ spire: { caSubject: { country: 'ARPA' } } })).toContain(
      "Invalid input 'spire.caSubject.country'",
    );
    expect(
      refusal({ spire: { caSubject: { organization: 'Example' } } }),
    ).toContain("Invalid input 'spire.caSubject.organization'");
    expect(refusal({ monitoring: 'yes' })).toBe(
      "Invalid input 'monitoring': must be a boolean, not string",
    );
  });
});
