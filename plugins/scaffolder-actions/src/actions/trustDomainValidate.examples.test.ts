import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createTrustDomainValidateAction } from './trustDomainValidate';
import { examples } from './trustDomainValidate.examples';

describe('directory:trust-domain:validate examples', () => {
  const action = createTrustDomainValidateAction({
    catalog: catalogServiceMock(),
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const step = yaml.parse(example).steps[0];
      expect(step.action).toBe(action.id);
      const ctx = createMockActionContext({ input: step.input });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('valid', true);
      expect(ctx.output).toHaveBeenCalledWith(
        'trustDomain',
        step.input.trustDomain,
      );
    },
  );
});
