import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import {
  ClusterPrerequisitesOptions,
  FakeKubernetesApi,
  seedClusterPrerequisites,
} from '@directory-ops/simulated-cluster';
import fs from 'fs-extra';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import directoryModule from './index';

/**
 * The production template's cluster preflight and its optional onboarding
 * pull request, through the scaffolder's dry-run API, against a fake
 * Kubernetes API configured as the target cluster.
 */

jest.setTimeout(120_000);

const TEMPLATE = path.resolve(
  __dirname,
  '../../../templates/directory-production/template.yaml',
);

const values = {
  name: 'acme-directory',
  environment: 'prod',
  owner: 'group:default/platform',
  trustDomain: 'dir.acme.com',
  federationProfile: 'https_web',
  baseDomain: 'dir.acme.com',
  cluster: { name: 'eks-prod-eu', server: 'https://k8s.acme.com' },
  gitops: {
    repoUrl: 'github.com?owner=acme&repo=gitops',
    targetRevision: 'main',
    path: '.',
  },
};

interface DryRunResponse {
  log: Array<{ body: { message: string } }>;
  directoryContents: Array<{ path: string; base64Content: string }>;
  output: { text?: Array<{ title?: string; content?: string }> };
}

describe('templates/directory-production preflight', () => {
  let api: FakeKubernetesApi;

  beforeEach(async () => {
    api = await FakeKubernetesApi.start();
  });
  afterEach(() => api.close());

  async function dryRun(
    cluster: ClusterPrerequisitesOptions,
    extraValues: Record<string, unknown> = {},
  ) {
    seedClusterPrerequisites(api, cluster);
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
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'eks-prod-eu',
                      url: api.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: api.token,
                      caData: api.caData,
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    const template = yaml.parse(await fs.readFile(TEMPLATE, 'utf8'));
    return request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template,
        values: { ...values, ...extraValues },
        directoryContents: [],
      });
  }

  it('refuses a cluster whose NGINX runs without passthrough, naming the fix, before generating', async () => {
    const res = await dryRun({ sslPassthrough: false });
    const body = JSON.stringify(res.body);
    expect(body).toContain(
      'NGINX ingress controller with SSL passthrough: The ingress-nginx controller ingress-nginx/ingress-nginx-controller runs without --enable-ssl-passthrough',
    );
    expect(body).toContain('controller.extraArgs.enable-ssl-passthrough=true');
    expect(body).not.toContain('applications/dir/prod/acme-directory/values.yaml');
  });

  it('puts the checklist in the pull request and offers the onboarding pull request', async () => {
    const res = await dryRun({}, {
      onboarding: true,
      networkRepoUrl: 'github.com?owner=acme&repo=dir-staging',
    });
    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(200);
    const result = res.body as DryRunResponse;
    const checklist = result.output.text?.find(
      t => t.title === 'Cluster preflight',
    )?.content;
    expect(checklist).toContain('### Cluster preflight (eks-prod-eu)');
    expect(checklist).toContain(
      '- [x] NGINX ingress controller with SSL passthrough',
    );
    const files = Object.fromEntries(
      result.directoryContents.map(f => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    expect(
      yaml.parse(
        files['network-onboarding/onboarding/federation/dir.acme.com.yaml'],
      ),
    ).toEqual({
      className: 'dir-spire',
      trustDomain: 'dir.acme.com',
      bundleEndpointURL: 'https://spire.dir.acme.com',
      bundleEndpointProfile: { type: 'https_web' },
    });
    const messages = result.log.map(l => l.body.message).join('\n');
    expect(
      messages.match(/Performing dry run of creating pull request/g),
    ).toHaveLength(2);
  });
});
