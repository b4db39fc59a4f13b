import { Badge, Flex, Text } from '@backstage/ui';
import {
  DirectoryInstance,
  FEDERATION_PROFILE_DESCRIPTIONS,
  isPublicAgntcyNetwork,
  PUBLIC_AGNTCY_NETWORK_NOTE,
} from '@directory-ops/plugin-directory-common';
import { Field } from './DeploymentDetails';

/** The federation profile, the trust domain and the federated peers. */
export function FederationDetails(props: { instance: DirectoryInstance }) {
  const { instance } = props;
  return (
    <Flex direction="column" gap="1">
      <Text variant="title-x-small" as="h3">
        Federation
      </Text>
      <Field label="Federation profile">
        <Flex direction="column" gap="1">
          <span>
            <Badge size="small" data-testid="directory-federation-profile">
              {instance.federationProfile}
            </Badge>
          </span>
          <Text variant="body-x-small" color="secondary">
            {FEDERATION_PROFILE_DESCRIPTIONS[instance.federationProfile]}
          </Text>
        </Flex>
      </Field>
      <Field label="Trust domain">{instance.trustDomain}</Field>
      <Field label="Federated peers">
        {instance.federatedPeers.length === 0 ? (
          'none'
        ) : (
          <ul style={{ margin: 0, paddingLeft: '1rem' }}>
            {instance.federatedPeers.map(peer => (
              <li key={peer} data-testid={`directory-peer-${peer}`}>
                {peer}
                {isPublicAgntcyNetwork(peer) && (
                  <Text variant="body-x-small" color="warning" as="div">
                    {PUBLIC_AGNTCY_NETWORK_NOTE}
                  </Text>
                )}
              </li>
            ))}
          </ul>
        )}
      </Field>
    </Flex>
  );
}
