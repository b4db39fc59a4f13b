import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { FakeGitHubApi } from '@directory-ops/simulated-cluster';
import fs from 'fs-extra';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import { deployedFiles } from './__testUtils__/deployedInstance';
import directoryModule from './index';

/**
 * Runs the upgrade template through the scaffolder's dry-run API: the
 * entity comes from the catalog, the GitOps folder from a wire-level fake of
 * the GitHub API through the real GitHub integration (fetch:plain and
 * GithubUrlReader), and the pull request is simulated.
 */

jest.setTimeout(120_000);

const TEMPLATE = path.resolve(
  __dirname,
  '../../../templates/directory-upgrade/template.yaml',
);

const GITOPS = {
  repoUrl: 'https://github.com/acme/gitops.git',
  targetRevision: 'main',
  path: 'deploy',
};

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'acme-directory',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location':
        'url:https://github.com/acme/gitops/blob/main/deploy/clusters/dir/prod/acme-directory/catalog-info.yaml',
      'backstage.io/source-location':
        'url:https://github.com/acme/gitops/tree/main/deploy/clusters/dir/prod/acme-directory/',
      'agntcy.org/trust-domain': 'dir.acme.com',
      'agntcy.org/release-version': 'v1.6.3',
    },
  },
  spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
};

interface DryRunResponse {
  log: Array<{ body: { message: string } }>;
  directoryContents: Array<{ path: string; base64Content: string }>;
  output: { text?: Array<{ content?: string }> };
}

describe('templates/directory-upgrade', () => {
  let github: FakeGitHubApi;

  beforeAll(async () => {
    github = await FakeGitHubApi.start();
    const files = deployedFiles({ gitops: GITOPS }, 'v1.6.3');
    github.putFiles('acme/gitops', {
      'README.md': '# GitOps\n',
      ...Object.fromEntries(
        Object.entries(files).map(([p, c]) => [`deploy/${p}`, c]),
      ),
    });
  });
  afterAll(() => github.close());

  async function dryRun(
    values: Record<string, unknown>,
    entities: Array<typeof entity> = [entity],
  ) {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        githubModule,
        directoryModule,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            integrations: {
              github: [
                {
                  host: 'github.com',
                  apiBaseUrl: github.url,
                  token: github.token,
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
      .send({ template, values, directoryContents: [] });
  }

  it('opens (in dry run) a pull request that bumps the release', async () => {
    const res = await dryRun({
      entity: 'resource:default/acme-directory',
      releaseVersion: 'v1.7.0',
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
    // The GitOps folder came through the GitHub integration.
    expect(
      files['current/clusters/dir/prod/acme-directory/directory-spec.yaml'],
    ).toContain('releaseVersion: v1.6.3');
    expect(github.requests).toEqual(
      expect.arrayContaining([
        '/repos/acme/gitops/commits/main/status',
        expect.stringMatching(/^\/repos\/acme\/gitops\/tarball\/[0-9a-f]{40}$/),
      ]),
    );
    // Only the changed files are in the pull request's folder.
    const upgraded = Object.keys(files).filter(p => p.startsWith('upgrade/'));
    expect(upgraded).toEqual(
      expect.arrayContaining([
        'upgrade/applications/dir/prod/acme-directory/config.json',
        'upgrade/clusters/dir/prod/acme-directory/directory-spec.yaml',
      ]),
    );
    expect(upgraded).not.toContain(
      'upgrade/applications/spire/prod/acme-directory/values.yaml',
    );
    expect(
      JSON.parse(
        files['upgrade/applications/dir/prod/acme-directory/config.json'],
      ).chart_version,
    ).toBe('v1.7.0');

    const messages = result.log.map(l => l.body.message).join('\n');
    expect(messages).toContain('Performing dry run of creating pull request');
    expect(result.output.text?.[0]?.content).toContain(
      'Directory release **v1.6.3 → v1.7.0**',
    );
  });

  it('refuses a trust domain that differs from the recorded one', async () => {
    const moved = {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          'agntcy.org/trust-domain': 'acme.com',
        },
      },
    };
    const res = await dryRun(
      { entity: 'resource:default/acme-directory', releaseVersion: 'v1.7.0' },
      [moved],
    );
    expect(JSON.stringify(res.body)).toContain(
      "Invalid input 'trustDomain': cannot change from 'dir.acme.com' to 'acme.com' in an upgrade",
    );
  });

  it('refuses a release without rendering tests, naming the field', async () => {
    const res = await dryRun({
      entity: 'resource:default/acme-directory',
      releaseVersion: 'v1.8.0',
    });
    const messages = JSON.stringify(res.body);
    expect(messages).toContain(
      "Invalid input 'releaseVersion': v1.8.0 has no rendering tests",
    );
  });
});
