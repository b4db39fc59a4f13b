import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import fs from 'fs-extra';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import { FakeRoute53 } from '@directory-ops/simulated-cluster';
import { at } from './__testUtils__/deployment';
import directoryModule from './index';

/**
 * Runs the real template through the scaffolder's dry-run API in a test
 * backend with the GitHub module and this module.
 */

// A dry run runs every step in a test backend; on a loaded machine that takes seconds.
jest.setTimeout(60_000);

const TEMPLATE = path.resolve(
  __dirname,
  '../../../templates/directory-production/template.yaml',
);

const values = {
  name: 'acme-directory',
  environment: 'prod',
  owner: 'group:default/platform',
  releaseVersion: 'v1.7.0',
  trustDomain: 'dir.acme.com',
  federationProfile: 'https_web',
  federateWithPublicNetwork: true,
  federateWith: [],
  baseDomain: 'dir.acme.com',
  cluster: {
    name: 'eks-prod-eu',
    server: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
  },
  storageClass: 'ebs-sc-encrypted',
  certIssuer: 'letsencrypt-prod',
  vault: { path: 'secret/data/agntcy/directory', secretStore: 'vault-backend' },
  zotStorage: 'pvc',
  gitops: {
    repoUrl: 'github.com?owner=acme&repo=gitops',
    targetRevision: 'main',
    path: '.',
  },
};

/** Only what the form requires; everything else is left to the defaults. */
const requiredValues = {
  name: 'acme-directory',
  environment: 'prod',
  owner: 'group:default/platform',
  trustDomain: 'dir.acme.com',
  federationProfile: 'https_spiffe',
  baseDomain: 'dir.acme.com',
  cluster: { name: 'eks-prod-eu', server: 'https://k8s.acme.com' },
  gitops: {
    repoUrl: 'github.com?owner=acme&repo=gitops',
    targetRevision: 'main',
    path: 'deploy',
  },
};

interface DryRunResponse {
  steps: Array<{ id: string; action: string }>;
  log: Array<{ body: { message: string; stepId?: string; status?: string } }>;
  directoryContents: Array<{
    path: string;
    base64Content: string;
    executable?: boolean;
  }>;
  output: {
    links?: Array<{ title?: string; url?: string; entityRef?: string }>;
  };
}

describe('templates/directory-production', () => {
  async function dryRun(
    body: Record<string, unknown>,
    extraConfig: Record<string, unknown> = {},
  ) {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        githubModule,
        directoryModule,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            integrations: {
              github: [{ host: 'github.com', token: 'dry-run-only' }],
            },
            ...extraConfig,
          },
        }),
      ],
    });
    return request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send(body);
  }

  it('dry-runs every step and returns the generated files', async () => {
    const template = yaml.parse(await fs.readFile(TEMPLATE, 'utf8'));
    const res = await dryRun({ template, values, directoryContents: [] });
    expect(res.status).toBe(200);
    const result = res.body as DryRunResponse;

    const files = Object.fromEntries(
      result.directoryContents.map(f => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'projects/dir/prod/acme-directory/project.yaml',
        'projects/dir/prod/acme-directory/bootstrap-project.yaml',
        'projectapps/dir/prod/acme-directory/projectapp.yaml',
        'applicationsets/dir/prod/acme-directory/applicationset.yaml',
        'clusters/dir/prod/acme-directory/cluster-config.json',
        'clusters/dir/prod/acme-directory/catalog-info.yaml',
        'clusters/dir/prod/acme-directory/directory-spec.yaml',
        'clusters/dir/prod/acme-directory/README.md',
        'applications/spire-crds/prod/acme-directory/config.json',
        'applications/spire/prod/acme-directory/values.yaml',
        'applications/dir/prod/acme-directory/values.yaml',
        'applications/dir-admin/prod/acme-directory/values.yaml',
      ]),
    );
    const dir = yaml.parse(
      files['applications/dir/prod/acme-directory/values.yaml'],
    );
    expect(at(dir, 'apiserver.spire.trustDomain')).toBe('dir.acme.com');
    expect(at(dir, 'apiserver.spire.federation[0].trustDomain')).toBe(
      'spire.ads.outshift.io',
    );
    const appSet = yaml.parse(
      files['applicationsets/dir/prod/acme-directory/applicationset.yaml'],
    );
    expect(at(appSet, 'spec.template.spec.sources[1].repoURL')).toBe(
      'https://github.com/acme/gitops.git',
    );

    const messages = result.log.map(l => l.body.message).join('\n');
    // Validation and DNS planning really ran (no AWS config: not verified).
    expect(messages).toContain('Trust domain dir.acme.com is valid');
    expect(messages).toContain('not verified against Route53');
    // The pull request is only simulated; the catalog registration is skipped.
    expect(messages).toContain('Performing dry run of creating pull request');
    expect(messages).toContain(
      'Skipping because catalog:register does not support dry-run',
    );

    const links = result.output.links ?? [];
    expect(links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          title: 'Pull request',
          url: 'github.com?owner=acme&repo=gitops',
        }),
        expect.objectContaining({
          entityRef: 'resource:default/acme-directory',
        }),
      ]),
    );
  });

  it('dry-runs with only the required values', async () => {
    const template = yaml.parse(await fs.readFile(TEMPLATE, 'utf8'));
    const res = await dryRun({
      template,
      values: requiredValues,
      directoryContents: [],
    });
    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(200);
    const result = res.body as DryRunResponse;
    const files = Object.fromEntries(
      result.directoryContents.map(f => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    const spire = yaml.parse(
      files['applications/spire/prod/acme-directory/values.yaml'],
    );
    // https_spiffe: the chart turns SSL passthrough on for ingress-nginx.
    expect(at(spire, 'global.spire.ingressControllerType')).toBe(
      'ingress-nginx',
    );
    const dir = yaml.parse(
      files['applications/dir/prod/acme-directory/values.yaml'],
    );
    expect(at(dir, 'apiserver.pvc.storageClassName')).toBe('ebs-sc-encrypted');
    expect(at(dir, 'apiserver.spire.federation')).toEqual([]);
  });

  it('verifies DNS against Route53 when AWS is configured', async () => {
    const route53 = await FakeRoute53.start({ pageSize: 2 });
    try {
      route53.addHostedZone({ id: 'ZACME', name: 'acme.com' });
      const awsConfig = {
        aws: {
          mainAccount: {
            accessKeyId: 'AKIDTEST',
            secretAccessKey: 'test-only',
          },
        },
        directory: { route53: { endpoint: route53.endpoint } },
      };
      const template = yaml.parse(await fs.readFile(TEMPLATE, 'utf8'));

      const ok = await dryRun(
        { template, values, directoryContents: [] },
        awsConfig,
      );
      expect(ok.status).toBe(200);
      const catalogInfo = (ok.body as DryRunResponse).directoryContents.find(
        f => f.path === 'clusters/dir/prod/acme-directory/catalog-info.yaml',
      );
      const entity = yaml.parse(
        Buffer.from(catalogInfo!.base64Content, 'base64').toString('utf8'),
      );
      expect(
        at(entity, 'metadata.annotations["agntcy.org/route53-hosted-zone-id"]'),
      ).toBe('ZACME');

      route53.addRecord('ZACME', {
        name: 'api.dir.acme.com',
        type: 'CNAME',
        values: ['old-ingress.acme.com'],
      });
      const taken = await dryRun(
        { template, values, directoryContents: [] },
        awsConfig,
      );
      expect(taken.status).toBe(400);
      expect(taken.body.error.message).toContain("Invalid input 'baseDomain'");
      expect(taken.body.error.message).toContain(
        'api.dir.acme.com (CNAME → old-ingress.acme.com)',
      );
    } finally {
      await route53.close();
    }
  });

  it('fails the dry run with the InputError of the first bad input', async () => {
    const template = yaml.parse(await fs.readFile(TEMPLATE, 'utf8'));
    const res = await dryRun({
      template,
      values: { ...values, trustDomain: 'example.org' },
      directoryContents: [],
    });
    // The dry run answers with the step's InputError.
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain("Invalid input 'trustDomain'");
    expect(res.body.error.message).toContain('local use only');
  });
});
