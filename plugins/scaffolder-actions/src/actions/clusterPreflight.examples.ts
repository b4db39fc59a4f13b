import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `directory:cluster:preflight`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Check a cluster with the production defaults before generating the deployment',
    example: yaml.stringify({
      steps: [
        {
          id: 'preflight',
          action: 'directory:cluster:preflight',
          name: 'Check the cluster',
          input: { cluster: 'prod-eks-1', name: 'acme-directory' },
        },
      ],
    }),
  },
  {
    description:
      'Check the issuer, store and StorageClass a deployment uses, with monitoring on and the cluster`s SPIRE reused',
    example: yaml.stringify({
      steps: [
        {
          id: 'preflight',
          action: 'directory:cluster:preflight',
          name: 'Check the cluster',
          input: {
            cluster: 'prod-eks-1',
            name: 'acme-directory',
            environment: 'prod',
            certIssuer: 'letsencrypt-prod',
            vault: {
              secretStore: 'vault-backend',
              secretStoreKind: 'ClusterSecretStore',
            },
            storageClass: 'ebs-sc-encrypted',
            monitoring: true,
            spire: { reuseExisting: true },
          },
        },
      ],
    }),
  },
];
