/** Examples of `preview-directory-deployment`. */
export const examples = [
  {
    title: 'Preview a production instance',
    description:
      'The files of an https_web instance federated with the public AGNTCY network.',
    input: {
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
      },
    },
  },
];
