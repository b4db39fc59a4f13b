/**
 * SPIFFE federation bundle-endpoint profiles as AGNTCY uses them.
 */

/** @public */
export const FEDERATION_PROFILES = ['https_web', 'https_spiffe'] as const;

/** @public */
export type FederationProfile = (typeof FEDERATION_PROFILES)[number];

/** @public */
export function isFederationProfile(value: unknown): value is FederationProfile {
  return (
    typeof value === 'string' &&
    (FEDERATION_PROFILES as readonly string[]).includes(value)
  );
}

/**
 * One line on what each profile means for the deployment.
 * @public
 */
export const FEDERATION_PROFILE_DESCRIPTIONS: Record<FederationProfile, string> =
  {
    https_web:
      'Bundle endpoint on a publicly trusted certificate from cert-manager; the ingress terminates TLS (no passthrough) and no bootstrap bundle is exchanged.',
    https_spiffe:
      'Bundle endpoint served with the SPIRE server SVID through SSL passthrough; partners exchange a bootstrap bundle out of band and no cert-manager is needed.',
  };

/**
 * A peer this instance federates with.
 * @public
 */
export interface FederationPeer {
  trustDomain: string;
  bundleEndpointURL: string;
  profile: FederationProfile;
  /** Required for `https_spiffe`: the SPIFFE ID of the peer's SPIRE server. */
  endpointSPIFFEID?: string;
}

/**
 * The public AGNTCY Directory network. It is a staging network with no SLA.
 * @public
 */
export const PUBLIC_AGNTCY_NETWORK: FederationPeer = {
  trustDomain: 'spire.ads.outshift.io',
  bundleEndpointURL: 'https://spire.ads.outshift.io',
  profile: 'https_web',
};

/** @public */
export const PUBLIC_AGNTCY_NETWORK_NOTE =
  'The public AGNTCY network is a staging network with no SLA.';

/**
 * Whether a trust domain belongs to the public AGNTCY network.
 * @public
 */
export function isPublicAgntcyNetwork(trustDomain: string): boolean {
  return (
    trustDomain === PUBLIC_AGNTCY_NETWORK.trustDomain ||
    trustDomain.endsWith('.ads.outshift.io') ||
    trustDomain === 'ads.outshift.io'
  );
}
