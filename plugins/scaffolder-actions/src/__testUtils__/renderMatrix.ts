import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { validDeploymentInput } from './deployment';
import { RefusedInput, generate } from './renderedStack';

/**
 * The inputs the rendering tests deploy: both federation profiles, Zot on a
 * PVC and on S3, peers of both profiles with and without a bootstrap bundle,
 * the public-network preset, the shortest and longest names and
 * environments that both the template's form and the action accept, and
 * free-text values that YAML would read as numbers or booleans. Used by
 * tests only.
 */

/** An input of `directory:deployment:generate`. */
export type DeploymentInput = ReturnType<typeof validDeploymentInput>;

/** One input of the matrix; some are found by asking the action. */
export interface RenderCase {
  id: string;
  input: DeploymentInput | (() => Promise<DeploymentInput>);
}

/** The input of a case. */
export async function caseInput(c: RenderCase): Promise<DeploymentInput> {
  return typeof c.input === 'function' ? c.input() : c.input;
}

const TEMPLATE = path.resolve(
  __dirname,
  '../../../../templates/directory-production/template.yaml',
);

/** A SPIFFE bundle as `spire-server bundle show -format spiffe` prints it. */
export const PEER_BUNDLE = JSON.stringify({
  keys: [
    {
      use: 'x509-svid',
      kty: 'EC',
      crv: 'P-256',
      x: 'kkEn5E2Hd_rvCRDCVMNj3deN0ADij9uJVmN-El0CJz0',
      y: 'qNrnjhtzrtTR0bRgI2jPIC1nEgcWNX63YcZOEzyo1iA',
      x5c: [
        'MIIBjjCCATOgAwIBAgIBADAKBggqhkjOPQQDAjAeMQswCQYDVQQGEwJVUzEPMA0GA1UEChMGU1BJRkZFMB4XDTI2MDEwMTAwMDAwMFoXDTI3MDEwMTAwMDAwMFowHjELMAkGA1UEBhMCVVMxDzANBgNVBAoTBlNQSUZGRTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJJBJ+RNh3f67wkQwlTDY93XjdAA4o/biVZjfhJdAic9qNrnjhtzrtTR0bRgI2jPIC1nEgcWNX63YcZOEzyo1iCjZDBiMA4GA1UdDwEB/wQEAwIBBjAPBgNVHRMBAf8EBTADAQH/MB0GA1UdDgQWBBQ=',
      ],
    },
  ],
  spiffe_sequence: 1,
  spiffe_refresh_hint: 300,
});

const WEB_PEER = {
  trustDomain: 'partner-web.example',
  bundleEndpointURL: 'https://spire.partner-web.example',
  profile: 'https_web' as const,
};
const SPIFFE_PEER = {
  trustDomain: 'partner-spiffe.example',
  bundleEndpointURL: 'https://spire.partner-spiffe.example:8443',
  profile: 'https_spiffe' as const,
  endpointSPIFFEID: 'spiffe://partner-spiffe.example/spire/server',
};
const S3 = {
  zotStorage: 's3' as const,
  zotS3: {
    bucket: 'acme-directory-zot',
    region: 'eu-west-1',
    roleArn: 'arn:aws:iam::123456789012:role/acme-directory-zot',
  },
};

/** The pattern the template's form checks a field with. */
export function formPattern(field: 'name' | 'environment'): RegExp {
  const template = yaml.parse(fs.readFileSync(TEMPLATE, 'utf8')) as {
    spec: {
      parameters: Array<{ properties?: Record<string, { pattern?: string }> }>;
    };
  };
  for (const page of template.spec.parameters) {
    const pattern = page.properties?.[field]?.pattern;
    if (pattern) {
      return new RegExp(pattern);
    }
  }
  throw new Error(`the template has no pattern for ${field}`);
}

async function accepted(input: DeploymentInput): Promise<boolean> {
  try {
    await generate(input);
    return true;
  } catch (error) {
    if (error instanceof RefusedInput) {
      return false;
    }
    throw error;
  }
}

/**
 * The input with the longest value of `field` made of one repeated letter that the form's
 * pattern and the action both accept.
 */
export async function longest(
  field: 'name' | 'environment',
  base: DeploymentInput,
): Promise<DeploymentInput> {
  const pattern = formPattern(field);
  for (let length = 128; length > 0; length--) {
    const value = 'z'.repeat(length);
    const input = { ...base, [field]: value };
    if (pattern.test(value) && (await accepted(input))) {
      return input;
    }
  }
  throw new Error(`no ${field} is accepted`);
}

const TLD = '.example';

/**
 * A DNS name of exactly `length` characters: labels of at most 63 under
 * `.example`.
 */
function domainOfLength(length: number): string {
  const labels: string[] = [];
  let left = length - TLD.length;
  while (left > 0) {
    let n = Math.min(63, left);
    if (left - n === 1) {
      n -= 1;
    }
    labels.push('d'.repeat(n));
    left -= n + 1;
  }
  return `${labels.join('.')}${TLD}`;
}

/**
 * The input with the longest DNS name the action accepts in one field
 * (binary search: a shorter name of the same shape is accepted too).
 */
async function longestDomain(
  build: (domain: string) => DeploymentInput,
): Promise<DeploymentInput> {
  let low = TLD.length + 1;
  let high = 300;
  if (!(await accepted(build(domainOfLength(low))))) {
    throw new Error('no domain is accepted');
  }
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (await accepted(build(domainOfLength(middle)))) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return build(domainOfLength(low));
}

/** The longest base domain, instance trust domain and peer trust domain accepted. */
async function longestDomains(base: DeploymentInput): Promise<DeploymentInput> {
  const withBase = await longestDomain(d => ({ ...base, baseDomain: d }));
  const withTrust = await longestDomain(d => ({ ...withBase, trustDomain: d }));
  return longestDomain(d => ({
    ...withTrust,
    federateWith: [{ ...WEB_PEER, trustDomain: d }],
  }));
}

/** The matrix of inputs; the `dead values` test uses the first two. */
export function renderCases(): RenderCase[] {
  const base = validDeploymentInput({ federateWith: [] });
  return [
    {
      id: 'https_web, Zot on S3, peers of both profiles (one with a bootstrap bundle), monitoring on',
      input: {
        ...validDeploymentInput({
          ...S3,
          federateWith: [
            WEB_PEER,
            { ...SPIFFE_PEER, trustDomainBundle: PEER_BUNDLE },
          ],
        }),
        monitoring: true,
      } as DeploymentInput,
    },
    {
      id: 'https_spiffe, Zot on a PVC, peers of both profiles without a bootstrap bundle',
      input: validDeploymentInput({
        name: 'globex-directory',
        trustDomain: 'globex.io',
        baseDomain: 'globex.io',
        federationProfile: 'https_spiffe',
        federateWith: [SPIFFE_PEER, WEB_PEER],
        gitops: {
          repoUrl: 'github.com?owner=globex&repo=platform-gitops',
          targetRevision: 'main',
          path: 'clusters/eu',
        },
      }),
    },
    {
      id: 'https_web, Zot on a PVC, no peers',
      input: base,
    },
    {
      id: 'https_spiffe, Zot on S3 without IRSA, a peer with a bootstrap bundle',
      input: validDeploymentInput({
        federationProfile: 'https_spiffe',
        zotStorage: 's3' as const,
        zotS3: { bucket: 'acme-zot', region: 'us-east-1' },
        federateWith: [{ ...SPIFFE_PEER, trustDomainBundle: PEER_BUNDLE }],
      }),
    },
    {
      id: "the public-network preset (the form's checkbox)",
      input: validDeploymentInput({
        federateWith: undefined,
        federateWithPublicNetwork: true,
      }),
    },
    {
      id: 'the public-network preset in federateWith, with another peer',
      input: validDeploymentInput({
        federateWith: ['public-agntcy-network', WEB_PEER],
      }),
    },
    {
      id: 'the shortest name and environment',
      input: { ...base, name: 'a', environment: 'b' },
    },
    {
      id: 'the longest name',
      input: () => longest('name', base),
    },
    {
      id: 'the longest environment',
      input: () => longest('environment', base),
    },
    {
      id: 'the longest base domain, trust domain and peer trust domain',
      input: () => longestDomains(base),
    },
    {
      id: 'monitoring on (a ServiceMonitor for the Prometheus Operator)',
      input: { ...base, monitoring: true } as DeploymentInput,
    },
    {
      id: 'the SPIRE already running on the cluster, reused',
      input: {
        ...base,
        spire: { reuseExisting: true },
      } as DeploymentInput,
    },
  ];
}

/**
 * Free-text inputs with a value that YAML 1.1 or 1.2 reads as a number, a
 * boolean or null, as `[field, input]`: each must be refused naming the
 * field, or deploy.
 */
export function yamlLookalikeInputs(): Array<[string, DeploymentInput]> {
  const base = validDeploymentInput({ federateWith: [] });
  return [
    ['name', { ...base, name: '0o10' }],
    ['environment', { ...base, environment: '1e3' }],
    ['storageClass', { ...base, storageClass: '0x1f' }],
    ['certIssuer', { ...base, certIssuer: 'true' }],
    ['vault.secretStore', { ...base, vault: { secretStore: 'null' } }],
    ['cluster.name', { ...base, cluster: { ...base.cluster, name: '123' } }],
    [
      'gitops.targetRevision',
      { ...base, gitops: { ...base.gitops, targetRevision: '010' } },
    ],
    [
      'zotS3.bucket',
      { ...base, ...S3, zotS3: { ...S3.zotS3, bucket: '1e10' } },
    ],
  ];
}
