import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { deployedFiles } from '../__testUtils__/deployedInstance';
import { createDeploymentUpgradeAction } from './deploymentUpgrade';
import { examples } from './deploymentUpgrade.examples';

describe('directory:deployment:upgrade examples', () => {
  const mockDir = createMockDirectory();
  const action = createDeploymentUpgradeAction();

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      mockDir.clear();
      // The GitOps folder as fetch:plain leaves it, deployed at v1.6.3.
      mockDir.setContent(
        Object.fromEntries(
          Object.entries(deployedFiles({}, 'v1.6.3')).map(([p, c]) => [
            `current/${p}`,
            c,
          ]),
        ),
      );
      const step = yaml
        .parse(example)
        .steps.find((s: { action: string }) => s.action === action.id);
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: mockDir.path,
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('toRelease', 'v1.7.0');
      expect(ctx.output).toHaveBeenCalledWith('changed', true);
    },
  );
});
