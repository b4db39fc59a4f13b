import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createOnboardingGenerateAction } from './onboardingGenerate';
import { examples } from './onboardingGenerate.examples';

describe('directory:onboarding:generate examples', () => {
  const mockDir = createMockDirectory();
  const action = createOnboardingGenerateAction();

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      mockDir.clear();
      const step = yaml.parse(example).steps[0];
      expect(step.action).toBe(action.id);
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: mockDir.path,
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith(
        'repoPath',
        `onboarding/federation/${step.input.trustDomain}.yaml`,
      );
    },
  );
});
