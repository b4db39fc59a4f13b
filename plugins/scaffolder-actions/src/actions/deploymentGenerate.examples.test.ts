import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import path from 'node:path';
import yaml from 'yaml';
import { readTree } from '../__testUtils__/deployment';
import { createDeploymentGenerateAction } from './deploymentGenerate';
import { examples } from './deploymentGenerate.examples';

describe('directory:deployment:generate examples', () => {
  const mockDir = createMockDirectory();
  const action = createDeploymentGenerateAction();

  beforeEach(() => mockDir.clear());

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const step = yaml.parse(example).steps[0];
      expect(step.action).toBe(action.id);
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: mockDir.path,
      });
      await action.handler(ctx);
      const base = step.input.targetPath ?? '.';
      const tree = await readTree(path.join(mockDir.path, base));
      expect(Object.keys(tree)).toContain(
        `applications/dir/prod/${step.input.name}/values.yaml`,
      );
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        `resource:default/${step.input.name}`,
      );
    },
  );
});
