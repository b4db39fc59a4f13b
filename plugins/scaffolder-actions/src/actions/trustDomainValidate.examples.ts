import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `directory:trust-domain:validate`. */
export const examples: TemplateExample[] = [
  {
    description: 'Check the trust domain of a new production instance',
    example: yaml.stringify({
      steps: [
        {
          id: 'trust-domain',
          action: 'directory:trust-domain:validate',
          name: 'Validate the trust domain',
          input: {
            trustDomain: 'dir.acme.com',
            name: 'acme-directory',
            environment: 'prod',
          },
        },
      ],
    }),
  },
  {
    description:
      'A local-only trust domain is accepted for the dev environment',
    example: yaml.stringify({
      steps: [
        {
          id: 'trust-domain',
          action: 'directory:trust-domain:validate',
          name: 'Validate the trust domain',
          input: {
            trustDomain: 'example.org',
            name: 'sandbox-directory',
            environment: 'dev',
          },
        },
      ],
    }),
  },
];
