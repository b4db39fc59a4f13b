import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `directory:onboarding:generate`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Write the onboarding file of an https_web instance into its own folder, for a second pull request',
    example: yaml.stringify({
      steps: [
        {
          id: 'onboarding',
          action: 'directory:onboarding:generate',
          name: 'Onboarding file for the public network',
          input: {
            trustDomain: 'acme.com',
            federationProfile: 'https_web',
            baseDomain: 'acme.com',
            targetPath: 'network-onboarding',
          },
        },
      ],
    }),
  },
  {
    description:
      'An https_spiffe instance: the file carries the SPIFFE ID of the SPIRE server and its bootstrap bundle',
    example: yaml.stringify({
      steps: [
        {
          id: 'onboarding',
          action: 'directory:onboarding:generate',
          name: 'Onboarding file for the public network',
          input: {
            trustDomain: 'globex.io',
            federationProfile: 'https_spiffe',
            bundleEndpointURL: 'https://spire.globex.io',
            endpointSPIFFEID: 'spiffe://globex.io/spire/server',
            trustDomainBundle: JSON.stringify({
              keys: [
                {
                  use: 'x509-svid',
                  kty: 'EC',
                  crv: 'P-256',
                  x: 'AQAB',
                  y: 'AQAB',
                  x5c: ['MIIB'],
                },
              ],
              spiffe_refresh_hint: 300,
              spiffe_sequence: 1,
            }),
          },
        },
      ],
    }),
  },
];
