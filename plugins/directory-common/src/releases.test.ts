import {
  compareReleases,
  isSupportedRelease,
  LATEST_SUPPORTED_RELEASE,
  newerSupportedRelease,
} from './releases';

describe('releases', () => {
  it('orders release tags, pre-releases first', () => {
    expect(compareReleases('v1.6.3', 'v1.7.0')).toBeLessThan(0);
    expect(compareReleases('v1.10.0', 'v1.9.9')).toBeGreaterThan(0);
    expect(compareReleases('v1.8.0-rc.1', 'v1.8.0')).toBeLessThan(0);
    expect(compareReleases('v1.8.0-rc.2', 'v1.8.0-rc.10')).toBeLessThan(0);
    expect(compareReleases('v1.7.0', 'v1.7.0')).toBe(0);
  });

  it('names a newer supported release only when there is one', () => {
    expect(LATEST_SUPPORTED_RELEASE).toBe('v1.7.0');
    expect(newerSupportedRelease('v1.6.3')).toBe('v1.7.0');
    expect(newerSupportedRelease('v1.7.0')).toBeUndefined();
    expect(newerSupportedRelease('v2.0.0')).toBeUndefined();
    expect(newerSupportedRelease('latest')).toBeUndefined();
    expect(newerSupportedRelease(undefined)).toBeUndefined();
  });

  it('supports only the releases with rendering tests', () => {
    expect(isSupportedRelease('v1.7.0')).toBe(true);
    expect(isSupportedRelease('v1.6.3')).toBe(false);
    expect(isSupportedRelease('v1.8.0')).toBe(false);
  });
});
