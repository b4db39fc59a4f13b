import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `directory:deployment:generate`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Production instance with the https_web profile, federated with the public AGNTCY network',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate',
          action: 'directory:deployment:generate',
          name: 'Generate the Directory deployment',
          input: {
            name: 'acme-directory',
            environment: 'prod',
            owner: 'group:default/platform',
            trustDomain: 'dir.acme.com',
            baseDomain: 'dir.acme.com',
            federationProfile: 'https_web',
            cluster: {
              name: 'eks-prod-eu',
              server: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
            },
            gitops: {
              repoUrl: 'https://github.com/acme/gitops.git',
              targetRevision: 'main',
              path: '.',
            },
            federateWith: ['public-agntcy-network'],
            route53HostedZoneId: 'Z0123456789ABCDEFGHIJ',
          },
        },
      ],
    }),
  },
  {
    description:
      'https_spiffe instance with Zot on S3, a partner peer, custom sizing, a ServiceMonitor and its own SPIRE CA subject, written under gitops/',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate',
          action: 'directory:deployment:generate',
          name: 'Generate the Directory deployment',
          input: {
            name: 'research-directory',
            environment: 'prod',
            owner: 'group:default/research',
            trustDomain: 'research.acme.com',
            baseDomain: 'research.acme.com',
            federationProfile: 'https_spiffe',
            cluster: {
              name: 'eks-research',
              server: 'https://0123456789.yl4.us-east-1.eks.amazonaws.com',
            },
            gitops: {
              repoUrl: 'github.com?owner=acme&repo=research-gitops',
              targetRevision: 'main',
              path: 'directory',
            },
            targetPath: 'gitops',
            releaseVersion: 'v1.7.0',
            storageClass: 'gp3-encrypted',
            storage: { routing: '50Gi', database: '20Gi', zot: '500Gi' },
            resources: {
              requests: { cpu: '1000m', memory: '2Gi' },
              limits: { cpu: '4000m', memory: '8Gi' },
            },
            rateLimit: { globalRps: 1000, globalBurst: 2000 },
            vault: {
              path: 'secret/data/research/directory',
              secretStore: 'vault',
              secretStoreKind: 'ClusterSecretStore',
            },
            certIssuer: 'letsencrypt-prod',
            zotStorage: 's3',
            zotS3: {
              bucket: 'acme-research-zot',
              region: 'us-east-1',
              roleArn: 'arn:aws:iam::123456789012:role/research-zot',
            },
            monitoring: true,
            spire: {
              caSubject: { country: 'US', organization: 'ACME Research' },
            },
            federateWith: [
              {
                trustDomain: 'partner.example-corp.io',
                bundleEndpointURL: 'https://spire.partner.example-corp.io',
                profile: 'https_spiffe',
                endpointSPIFFEID:
                  'spiffe://partner.example-corp.io/spire/server',
              },
            ],
          },
        },
      ],
    }),
  },
];
