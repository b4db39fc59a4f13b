import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { createOnboardingGenerateAction } from './onboardingGenerate';

const FIXTURES = path.resolve(
  __dirname,
  '../__fixtures__/dir-staging-onboarding',
);
const fixture = (name: string) =>
  yaml.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));

/** Key paths of a parsed YAML document, e.g. `bundleEndpointProfile.type`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [prefix];
  }
  return Object.entries(value).flatMap(([k, v]) =>
    keyPaths(v, prefix ? `${prefix}.${k}` : k),
  );
}

describe('directory:onboarding:generate', () => {
  const mockDir = createMockDirectory();
  const action = createOnboardingGenerateAction();

  beforeEach(() => mockDir.clear());

  async function run(input: Record<string, unknown>) {
    const ctx = createMockActionContext({
      input: input as Parameters<typeof action.handler>[0]['input'],
      workspacePath: mockDir.path,
    });
    await action.handler(ctx);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    ) as Record<string, string>;
  }

  it('writes an https_web file in the shape of the network template', async () => {
    const out = await run({
      trustDomain: 'acme.com',
      federationProfile: 'https_web',
      baseDomain: 'acme.com',
      targetPath: 'network-onboarding',
    });
    expect(out.filePath).toBe(
      'network-onboarding/onboarding/federation/acme.com.yaml',
    );
    expect(out.repoPath).toBe('onboarding/federation/acme.com.yaml');
    const written = fs.readFileSync(
      path.join(mockDir.path, out.filePath),
      'utf8',
    );
    expect(written).toBe(out.content);
    const parsed = yaml.parse(written);
    const template = fixture('.federation.web.template.yaml');
    expect(keyPaths(parsed).sort()).toEqual(keyPaths(template).sort());
    // The same file as a member the network already merged, for its own domain.
    expect(parsed).toEqual({
      ...fixture('agntcy-research-dell.com.yaml'),
      trustDomain: 'acme.com',
      bundleEndpointURL: 'https://spire.acme.com',
    });
    expect(out.title).toBe('federation: add acme.com');
    expect(out.repository).toBe('https://github.com/agntcy/dir-staging');
  });

  it('says plainly that the public network has no SLA', async () => {
    const out = await run({
      trustDomain: 'acme.com',
      federationProfile: 'https_web',
      baseDomain: 'acme.com',
    });
    expect(out.description).toContain(
      '**The public AGNTCY network has no SLA.**',
    );
    expect(out.description).toContain('`p,acme.com,*`');
  });

  it('writes an https_spiffe file with the endpoint SPIFFE ID and bundle', async () => {
    const template = fixture('.federation.spiffe.template.yaml');
    const out = await run({
      trustDomain: 'globex.io',
      federationProfile: 'https_spiffe',
      bundleEndpointURL: 'https://spire.globex.io/',
      trustDomainBundle: template.trustDomainBundle,
    });
    const parsed = yaml.parse(out.content);
    expect(keyPaths(parsed).sort()).toEqual(keyPaths(template).sort());
    expect(parsed.bundleEndpointProfile).toEqual({
      type: 'https_spiffe',
      endpointSPIFFEID: 'spiffe://globex.io/spire/server',
    });
    expect(parsed.bundleEndpointURL).toBe('https://spire.globex.io');
    expect(JSON.parse(parsed.trustDomainBundle)).toEqual(
      JSON.parse(template.trustDomainBundle),
    );
    expect(out.content).toContain('trustDomainBundle: |-\n  {\n');
    expect(out.description).toContain('asks its members to use `https_web`');
  });

  it.each([
    [
      {
        trustDomain: 'Acme.com',
        federationProfile: 'https_web',
        baseDomain: 'acme.com',
      },
      "Invalid input 'trustDomain': must be lowercase",
    ],
    [
      {
        trustDomain: 'spire.ads.outshift.io',
        federationProfile: 'https_web',
        baseDomain: 'ads.outshift.io',
      },
      "Invalid input 'trustDomain': belongs to the public AGNTCY network itself",
    ],
    [
      { trustDomain: 'acme.com', federationProfile: 'https_web' },
      "Invalid input 'bundleEndpointURL': is required when baseDomain is not given",
    ],
    [
      {
        trustDomain: 'acme.com',
        federationProfile: 'https_web',
        bundleEndpointURL: 'http://spire.acme.com',
      },
      "Invalid input 'bundleEndpointURL': must be an https URL",
    ],
    [
      {
        trustDomain: 'acme.com',
        federationProfile: 'https_spiffe',
        baseDomain: 'acme.com',
      },
      "Invalid input 'trustDomainBundle': is required for the https_spiffe profile",
    ],
    [
      {
        trustDomain: 'acme.com',
        federationProfile: 'https_spiffe',
        baseDomain: 'acme.com',
        trustDomainBundle: '{"keys":[{"kty":"EC","d":"secret"}]}',
      },
      "Invalid input 'trustDomainBundle': must hold public keys only",
    ],
    [
      {
        trustDomain: 'acme.com',
        federationProfile: 'https_spiffe',
        baseDomain: 'acme.com',
        endpointSPIFFEID: 'spiffe://other.com/spire/server',
        trustDomainBundle: '{"keys":[{"kty":"EC"}]}',
      },
      "Invalid input 'endpointSPIFFEID': must be a SPIFFE ID in the trust domain",
    ],
    [
      {
        trustDomain: 'acme.com',
        federationProfile: 'https_web',
        baseDomain: 'acme.com',
        trustDomainBundle: '{"keys":[{"kty":"EC"}]}',
      },
      "Invalid input 'trustDomainBundle': is only used with the https_spiffe profile",
    ],
    [
      {
        trustDomain: 'acme.com',
        federationProfile: 'https_web',
        baseDomain: 'acme.com',
        targetPath: '../outside',
      },
      "Invalid input 'targetPath': must stay inside the workspace",
    ],
  ])('refuses %o, writing nothing', async (input, message) => {
    await expect(run(input)).rejects.toThrow(message);
    expect(fs.readdirSync(mockDir.path)).toEqual([]);
  });
});
