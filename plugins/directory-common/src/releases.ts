/**
 * The Directory releases Directory Ops deploys, in one place for the
 * generator, the upgrade action and the card.
 */

/**
 * The releases the generated values are rendering-tested with (the upstream
 * charts vendored as test fixtures), oldest first. A release enters this
 * list together with its charts and rendering tests.
 * @public
 */
export const SUPPORTED_RELEASES: readonly string[] = ['v1.7.0'];

/**
 * The newest supported release: what new deployments pin.
 * @public
 */
export const LATEST_SUPPORTED_RELEASE =
  SUPPORTED_RELEASES[SUPPORTED_RELEASES.length - 1];

const RELEASE_TAG = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

/**
 * Whether a value is a release tag such as `v1.7.0` or `v1.8.0-rc.1`.
 * @public
 */
export function isReleaseTag(value: string): boolean {
  return RELEASE_TAG.test(value);
}

/**
 * Orders two release tags: negative when `a` is older. A pre-release sorts
 * before its release. Tags that do not parse compare equal.
 * @public
 */
export function compareReleases(a: string, b: string): number {
  const x = RELEASE_TAG.exec(a);
  const y = RELEASE_TAG.exec(b);
  if (!x || !y) {
    return 0;
  }
  for (let i = 1; i <= 3; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) {
      return d;
    }
  }
  if (x[4] === y[4]) {
    return 0;
  }
  if (!x[4]) {
    return 1;
  }
  if (!y[4]) {
    return -1;
  }
  return x[4].localeCompare(y[4], 'en', { numeric: true });
}

/**
 * Whether Directory Ops has rendering tests for a release.
 * @public
 */
export function isSupportedRelease(release: string): boolean {
  return SUPPORTED_RELEASES.includes(release);
}

/**
 * The newest supported release when it is newer than `current`, else
 * `undefined` (also for a missing or unparsable `current`).
 * @public
 */
export function newerSupportedRelease(
  current: string | undefined,
): string | undefined {
  if (!current || !isReleaseTag(current)) {
    return undefined;
  }
  return compareReleases(LATEST_SUPPORTED_RELEASE, current) > 0
    ? LATEST_SUPPORTED_RELEASE
    : undefined;
}
