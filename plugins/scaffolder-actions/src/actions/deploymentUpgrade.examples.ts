import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `directory:deployment:upgrade`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Fetch the GitOps folder, then write the files an upgrade to a new release changes into their own folder for the pull request',
    example: yaml.stringify({
      steps: [
        {
          id: 'fetch',
          action: 'fetch:plain',
          name: 'Fetch the GitOps folder',
          input: {
            url: 'https://github.com/acme/gitops/tree/main/deploy',
            targetPath: 'current',
          },
        },
        {
          id: 'upgrade',
          action: 'directory:deployment:upgrade',
          name: 'Upgrade the deployment',
          input: {
            name: 'acme-directory',
            sourcePath: 'current',
            releaseVersion: 'v1.7.0',
            targetPath: 'upgrade',
          },
        },
      ],
    }),
  },
  {
    description:
      'Change another input (the Zot volume) in the same pull request',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'directory:deployment:upgrade',
          name: 'Upgrade the deployment',
          input: {
            name: 'acme-directory',
            sourcePath: 'current',
            releaseVersion: 'v1.7.0',
            changes: { storage: { zot: '200Gi' } },
            targetPath: 'upgrade',
          },
        },
      ],
    }),
  },
];
