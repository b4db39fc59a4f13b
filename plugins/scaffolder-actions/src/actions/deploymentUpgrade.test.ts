import { createMockDirectory } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { deployedFiles } from '../__testUtils__/deployedInstance';
import { readTree } from '../__testUtils__/deployment';
import { createDeploymentUpgradeAction } from './deploymentUpgrade';

const SPEC = 'clusters/dir/prod/acme-directory/directory-spec.yaml';

describe('directory:deployment:upgrade', () => {
  const mockDir = createMockDirectory();
  const action = createDeploymentUpgradeAction();

  beforeEach(() => mockDir.clear());

  function seed(files: Record<string, string>) {
    mockDir.setContent(
      Object.fromEntries(
        Object.entries(files).map(([p, c]) => [`current/${p}`, c]),
      ),
    );
  }

  async function run(input: Record<string, unknown>) {
    const ctx = createMockActionContext({
      input: {
        name: 'acme-directory',
        sourcePath: 'current',
        targetPath: 'upgrade',
        ...input,
      } as JsonObject,
      workspacePath: mockDir.path,
    });
    await action.handler(ctx as Parameters<typeof action.handler>[0]);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    ) as {
      files: string[];
      changed: boolean;
      fromRelease: string;
      toRelease: string;
      summary: string;
      repoUrl: string;
      targetRevision: string;
      gitopsPath: string;
    };
  }

  it('bumps the release and writes only the files that change', async () => {
    seed(deployedFiles({}, 'v1.6.3'));
    const out = await run({ releaseVersion: 'v1.7.0' });
    expect(out).toMatchObject({
      changed: true,
      fromRelease: 'v1.6.3',
      toRelease: 'v1.7.0',
    });
    expect(out.files).toEqual(
      expect.arrayContaining([
        'applications/dir/prod/acme-directory/config.json',
        'applications/dir/prod/acme-directory/values.yaml',
        'applications/dir-admin/prod/acme-directory/config.json',
        SPEC,
        'clusters/dir/prod/acme-directory/catalog-info.yaml',
      ]),
    );
    // SPIRE, the Argo CD projects and the app set do not follow the release.
    expect(out.files).not.toContain(
      'applications/spire/prod/acme-directory/values.yaml',
    );
    expect(out.files.some(f => f.startsWith('projects/'))).toBe(false);
    const written = await readTree(path.join(mockDir.path, 'upgrade'));
    expect(Object.keys(written).sort()).toEqual([...out.files].sort());
    expect(yaml.parse(written[SPEC]).releaseVersion).toBe('v1.7.0');
    expect(yaml.parse(written[SPEC]).trustDomain).toBe('dir.acme.com');

    expect(out.summary).toContain('Directory release **v1.6.3 → v1.7.0**');
    expect(out.summary).toContain('| dir | dir | v1.6.3 | v1.7.0 |');
    expect(out.summary).toContain('| dir-admin | dirctl | v1.6.3 | v1.7.0 |');
    expect(out.summary).toMatch(
      /`applications\/dir\/prod\/acme-directory\/values\.yaml` `[^`]*image\.tag`: `v1\.6\.3` → `v1\.7\.0`/,
    );
    expect(out.summary).toContain('- `releaseVersion`: `v1.6.3` → `v1.7.0`');
    expect(out).toMatchObject({
      repoUrl: 'github.com?owner=acme&repo=gitops',
      targetRevision: 'main',
      gitopsPath: '.',
    });
  });

  it('writes nothing when the repository already holds the release', async () => {
    seed(deployedFiles());
    const out = await run({ releaseVersion: 'v1.7.0' });
    expect(out.changed).toBe(false);
    expect(out.files).toEqual([]);
    expect(fs.existsSync(path.join(mockDir.path, 'upgrade'))).toBe(false);
  });

  it('takes an unchanged or absent trust domain as no change', async () => {
    seed(deployedFiles({}, 'v1.6.3'));
    const same = await run({
      releaseVersion: 'v1.7.0',
      changes: { trustDomain: 'dir.acme.com' },
    });
    expect(same.changed).toBe(true);
    fs.rmSync(path.join(mockDir.path, 'upgrade'), { recursive: true });
    const absent = await run({
      releaseVersion: 'v1.7.0',
      changes: { trustDomain: undefined },
    });
    expect(absent.files).toEqual(same.files);
  });

  it('applies another changed input with the release', async () => {
    seed(deployedFiles());
    const out = await run({ changes: { storage: { zot: '200Gi' } } });
    expect(out.files).toContain(
      'applications/dir/prod/acme-directory/values.yaml',
    );
    expect(out.files).not.toContain(
      'applications/dir/prod/acme-directory/config.json',
    );
    expect(out.summary).toContain('- `storage.zot`: `100Gi` → `200Gi`');
    expect(out.summary).toContain('Release v1.7.0 (unchanged).');
  });

  it.each([
    [
      { changes: { trustDomain: 'acme.com' } },
      "Invalid input 'trustDomain': cannot change from 'dir.acme.com' to 'acme.com' in an upgrade",
    ],
    [
      { releaseVersion: 'v1.6.3' },
      "Invalid input 'releaseVersion': v1.6.3 is older than the deployed v1.7.0",
    ],
    [
      { releaseVersion: 'v1.8.0' },
      "Invalid input 'releaseVersion': v1.8.0 has no rendering tests in Directory Ops; supported releases: v1.7.0",
    ],
    [
      { changes: { environment: 'staging' } },
      "Invalid input 'environment': cannot change from 'prod' to 'staging'",
    ],
    [
      { changes: { rateLimit: { globalRps: 10 } } },
      "Invalid input 'rateLimit.globalRps'",
    ],
    [
      { name: 'globex-directory' },
      "Invalid input 'name': no directory-spec.yaml of instance 'globex-directory'",
    ],
    [
      { targetPath: '../outside' },
      "Invalid input 'targetPath': must stay inside the workspace",
    ],
  ])(
    'refuses %o, naming the field and writing nothing',
    async (input, message) => {
      seed(deployedFiles());
      await expect(run(input)).rejects.toThrow(message);
      expect(fs.existsSync(path.join(mockDir.path, 'upgrade'))).toBe(false);
    },
  );
});
