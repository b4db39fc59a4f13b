/**
 * The five hosts of a Directory instance under its base domain.
 * @public
 */
export interface DirectoryHosts {
  /** gRPC API, SSL passthrough to the apiserver's SVID. */
  api: string;
  /** Zot OCI registry, TLS terminated by the ingress. */
  zot: string;
  /** P2P routing, TCP 5555 through an NLB. */
  routing: string;
  /** SPIRE federation bundle endpoint. */
  spire: string;
  /** SPIRE OIDC discovery provider. */
  oidcDiscovery: string;
}

/** @public */
export const HOST_PREFIXES: Record<keyof DirectoryHosts, string> = {
  api: 'api',
  zot: 'zot',
  routing: 'routing',
  spire: 'spire',
  oidcDiscovery: 'oidc-discovery.spire',
};

/**
 * Computes the five hosts for a base domain.
 * @public
 */
export function directoryHosts(baseDomain: string): DirectoryHosts {
  const d = baseDomain.toLowerCase().replace(/\.$/, '');
  return {
    api: `${HOST_PREFIXES.api}.${d}`,
    zot: `${HOST_PREFIXES.zot}.${d}`,
    routing: `${HOST_PREFIXES.routing}.${d}`,
    spire: `${HOST_PREFIXES.spire}.${d}`,
    oidcDiscovery: `${HOST_PREFIXES.oidcDiscovery}.${d}`,
  };
}

/**
 * Whether a host is served over HTTPS (routing is raw TCP).
 * @public
 */
export function isHttpsHost(kind: keyof DirectoryHosts): boolean {
  return kind !== 'routing';
}
