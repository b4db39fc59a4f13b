import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `directory:dns:plan`. */
export const examples: TemplateExample[] = [
  {
    description: 'Plan the hosts and find the hosted zone by name',
    example: yaml.stringify({
      steps: [
        {
          id: 'dns',
          action: 'directory:dns:plan',
          name: 'Plan DNS',
          input: { baseDomain: 'dir.acme.com' },
        },
      ],
    }),
  },
  {
    description:
      'Check a known hosted zone and stop when a host is already taken',
    example: yaml.stringify({
      steps: [
        {
          id: 'dns',
          action: 'directory:dns:plan',
          name: 'Plan DNS',
          input: {
            baseDomain: 'dir.acme.com',
            hostedZoneId: 'Z0123456789ABCDEFGHIJ',
            failOnConflict: true,
          },
        },
      ],
    }),
  },
];
