import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'fs-extra';
import path from 'node:path';
import { fieldError } from '../config';
import { planUpgrade, readSpecRecord } from '../upgrade/upgradePlan';
import { examples } from './deploymentUpgrade.examples';

/** The action id. @public */
export const DEPLOYMENT_UPGRADE_ACTION_ID = 'directory:deployment:upgrade';

/** The record `directory:deployment:generate` writes beside the values. */
const SPEC_FILE = 'directory-spec.yaml';

/** Bounds the walk of the fetched GitOps folder. */
const MAX_FILES = 20_000;

function inside(root: string, relative: string, field: string): string {
  try {
    return resolveSafeChildPath(root, relative);
  } catch {
    throw fieldError(field, 'must stay inside the workspace');
  }
}

/** Every file under `root`, relative and with `/` separators. */
async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (entry.name === '.git') {
        continue;
      }
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else if (entry.isFile()) {
        if (files.length >= MAX_FILES) {
          throw fieldError(
            'sourcePath',
            `holds more than ${MAX_FILES} files; fetch only the GitOps folder`,
          );
        }
        files.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  if (await fs.pathExists(root)) {
    await walk(root);
  }
  return files.sort();
}

/** `https://github.com/o/r.git` as the RepoUrlPicker writes it: `github.com?owner=o&repo=r`. */
function pickerRepoUrl(repoUrl: string): string {
  const match = /^https:\/\/([^/]+)\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(
    repoUrl,
  );
  return match ? `${match[1]}?owner=${match[2]}&repo=${match[3]}` : repoUrl;
}

/**
 * Creates the `directory:deployment:upgrade` action. It reads an instance's
 * recorded deployment spec (`directory-spec.yaml`, fetched from the GitOps
 * repository into the workspace), applies a new `releaseVersion` and any
 * other changed input, regenerates, and writes only the files whose content
 * changes. It refuses a changed trust domain, a release older than the
 * deployed one and a release without rendering tests, naming the field. It
 * supports dry run: the files are still written, so the editor shows them.
 *
 * @public
 */
export function createDeploymentUpgradeAction() {
  return createTemplateAction({
    id: DEPLOYMENT_UPGRADE_ACTION_ID,
    description:
      'Upgrades a generated AGNTCY Directory deployment: regenerates it from its recorded spec with a new release and writes only the files that change',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'Instance name (the catalog entity name); finds its directory-spec.yaml',
          }),
        sourcePath: z =>
          z
            .string({
              description:
                'Workspace folder holding the GitOps folder as fetched (e.g. by fetch:plain); default .',
            })
            .optional(),
        specPath: z =>
          z
            .string({
              description:
                'The directory-spec.yaml, relative to sourcePath; default clusters/dir/<environment>/<name>/directory-spec.yaml, found by name',
            })
            .optional(),
        releaseVersion: z =>
          z
            .string({
              description:
                'Directory release to upgrade to: a supported release, not older than the deployed one',
            })
            .optional(),
        changes: z =>
          z
            .record(z.unknown(), {
              description:
                'Other inputs of directory:deployment:generate to change, e.g. { storage: { zot: 200Gi } }; never trustDomain',
            })
            .optional(),
        targetPath: z =>
          z
            .string({
              description:
                'Workspace folder to write the changed files into (the sourcePath of the pull request); default .',
            })
            .optional(),
      },
      output: {
        files: z =>
          z.array(z.string(), {
            description: 'Written files, relative to targetPath',
          }),
        changed: z => z.boolean({ description: 'Whether any file changes' }),
        fromRelease: z => z.string({ description: 'The deployed release' }),
        toRelease: z =>
          z.string({ description: 'The release after the upgrade' }),
        entityRef: z => z.string({ description: 'The instance entity' }),
        summary: z =>
          z.string({
            description:
              'Markdown for the pull-request body: the values diff and the chart version changes',
          }),
        repoUrl: z =>
          z.string({
            description:
              'The GitOps repository from the record, as publish:github:pull-request takes it (github.com?owner=o&repo=r)',
          }),
        targetRevision: z =>
          z.string({
            description: 'The branch Argo CD tracks, from the record',
          }),
        gitopsPath: z =>
          z.string({
            description: 'The GitOps folder in the repository, from the record',
          }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const source = inside(
        ctx.workspacePath,
        input.sourcePath ?? '.',
        'sourcePath',
      );
      const target = inside(
        ctx.workspacePath,
        input.targetPath ?? '.',
        'targetPath',
      );
      const currentPaths = await listFiles(source);
      const specPath =
        input.specPath ??
        currentPaths.find(
          p =>
            p.startsWith('clusters/dir/') &&
            p.endsWith(`/${input.name}/${SPEC_FILE}`),
        );
      if (!specPath || !currentPaths.includes(specPath)) {
        throw fieldError(
          input.specPath ? 'specPath' : 'name',
          `no ${SPEC_FILE} of instance '${input.name}' under ${
            input.sourcePath ?? '.'
          } (looked for ${
            input.specPath ??
            `clusters/dir/<environment>/${input.name}/${SPEC_FILE}`
          }); fetch the GitOps folder first, and upgrade only instances generated with their spec record`,
        );
      }
      const record = readSpecRecord(
        specPath,
        await fs.readFile(inside(source, specPath, 'specPath'), 'utf8'),
      );
      if (record.name !== input.name) {
        throw fieldError(
          'name',
          `'${input.name}' does not match the name '${String(
            record.name,
          )}' recorded in ${specPath}`,
        );
      }
      const contents = new Map<string, string>();
      for (const p of currentPaths) {
        contents.set(p, await fs.readFile(path.join(source, p), 'utf8'));
      }
      const plan = planUpgrade({
        record,
        current: p => contents.get(p),
        currentPaths,
        releaseVersion: input.releaseVersion,
        changes: input.changes as Record<string, unknown> | undefined,
      });

      // Resolve every path before the first write, so a bad path writes nothing.
      const writes = plan.changedFiles.map(file => ({
        absolute: inside(target, file.path, 'targetPath'),
        content: file.content,
        path: file.path,
      }));
      for (const write of writes) {
        await fs.outputFile(write.absolute, write.content, 'utf8');
      }
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: wrote' : 'Wrote'} ${
          writes.length
        } changed files for ${plan.entityRef} (${plan.fromRelease} -> ${
          plan.toRelease
        })`,
      );
      ctx.output(
        'files',
        writes.map(w => w.path),
      );
      ctx.output('changed', writes.length > 0);
      ctx.output('fromRelease', plan.fromRelease);
      ctx.output('toRelease', plan.toRelease);
      ctx.output('entityRef', plan.entityRef);
      ctx.output('summary', plan.summary);
      const gitops = (record.gitops ?? {}) as Record<string, unknown>;
      ctx.output('repoUrl', pickerRepoUrl(String(gitops.repoUrl ?? '')));
      ctx.output('targetRevision', String(gitops.targetRevision ?? ''));
      ctx.output('gitopsPath', String(gitops.path ?? '.'));
    },
  });
}
