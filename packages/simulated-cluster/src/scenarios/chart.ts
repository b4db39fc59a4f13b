/**
 * Versions, images, labels and stable generated names of the objects the
 * `dir` and `dirctl` charts render.
 */
import { createHash } from 'node:crypto';
import { KubeObject } from '../kubernetes/FakeKubernetesApi';

export const CHART_VERSION = 'v1.7.0';
export const APISERVER_IMAGE = `ghcr.io/agntcy/dir-apiserver:${CHART_VERSION}`;
export const DIRCTL_IMAGE = `ghcr.io/agntcy/dir-ctl:${CHART_VERSION}`;
/** The characters Kubernetes uses for generated name suffixes. */
const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A stable pseudo-random name suffix derived from `seed`. */
export function nameSuffix(seed: string, length: number): string {
  const bytes = createHash('sha256').update(seed).digest();
  return Array.from(
    bytes.subarray(0, length),
    b => NAME_SUFFIX_ALPHABET[b % NAME_SUFFIX_ALPHABET.length],
  ).join('');
}

/** Stable pseudo-random hex digits derived from `seed`. */
export function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** A stable UUID (version 4 layout) derived from `seed`. */
export function stableUid(seed: string): string {
  const h = hex(seed, 32);
  return [
    h.slice(0, 8),
    h.slice(8, 12),
    `4${h.slice(13, 16)}`,
    `a${h.slice(17, 20)}`,
    h.slice(20, 32),
  ].join('-');
}

/** A stable number in `[0, modulo)` derived from `seed`. */
export function stableNumber(seed: string, modulo: number): number {
  return parseInt(hex(seed, 8), 16) % modulo;
}

/** The labels the apiserver sub-chart puts on its objects. */
export function chartLabels(
  release: string,
  name: string,
): Record<string, string> {
  return {
    'helm.sh/chart': `apiserver-${CHART_VERSION}`,
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/version': '1.16.0',
    'app.kubernetes.io/managed-by': 'Helm',
  };
}

/** Builds `metadata` with a stable uid and a creation time. */
export type MetadataFactory = (
  name: string,
  namespace: string | undefined,
  labels: Record<string, string>,
  created?: Date,
) => KubeObject['metadata'];

/** The five hosts the `dir` and `spire` charts serve under a base domain. */
export function directoryHosts(baseDomain: string) {
  const d = baseDomain.toLowerCase().replace(/\.$/, '');
  return {
    api: `api.${d}`,
    zot: `zot.${d}`,
    routing: `routing.${d}`,
    spire: `spire.${d}`,
    oidcDiscovery: `oidc-discovery.spire.${d}`,
  };
}
