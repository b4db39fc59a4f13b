import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createDeploymentGenerateAction } from '@directory-ops/plugin-scaffolder-backend-module-directory';
import { LatencySummary, measureLatency } from './latency';

/** Times `directory:deployment:generate` for one production deployment. */
export async function benchGeneration(options: {
  samples: number;
}): Promise<LatencySummary> {
  const action = createDeploymentGenerateAction();
  const input = {
    name: 'acme',
    environment: 'prod',
    owner: 'group:default/platform',
    trustDomain: 'acme.com',
    baseDomain: 'acme.com',
    federationProfile: 'https_web' as const,
    cluster: { name: 'prod-eks-1', server: 'https://prod-eks-1.example.net' },
    gitops: {
      repoUrl: 'github.com?owner=acme&repo=gitops',
      targetRevision: 'main',
      path: 'directory',
    },
  };
  return measureLatency(
    async () => {
      const workspacePath = mkdtempSync(join(tmpdir(), 'directory-bench-'));
      try {
        const context: Parameters<typeof action.handler>[0] = {
          input,
          workspacePath,
          logger: mockServices.rootLogger({ level: 'none' }),
          output: () => {},
          checkpoint: async ({ fn }) => fn(),
          createTemporaryDirectory: async () =>
            mkdtempSync(join(tmpdir(), 'directory-bench-tmp-')),
          getInitiatorCredentials: async () => mockCredentials.user(),
          task: { id: 'bench' },
        };
        await action.handler(context);
      } finally {
        rmSync(workspacePath, { recursive: true, force: true });
      }
    },
    { samples: options.samples, warmup: 2 },
  );
}
