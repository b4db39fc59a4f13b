import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createDnsPlanAction } from './dnsPlan';
import { examples } from './dnsPlan.examples';

describe('directory:dns:plan examples', () => {
  const action = createDnsPlanAction();

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const step = yaml.parse(example).steps[0];
      expect(step.action).toBe(action.id);
      const ctx = createMockActionContext({ input: step.input });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('verified', false);
      expect(ctx.output).toHaveBeenCalledWith(
        'hosts',
        expect.objectContaining({ api: `api.${step.input.baseDomain}` }),
      );
    },
  );
});
