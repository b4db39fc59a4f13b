import {
  isHostAllowed,
  parseResolveEntry,
  resolveProbeTarget,
  resolveTable,
} from './ProbeTarget';

describe('ProbeTarget', () => {
  it('allows a domain and its subdomains only', () => {
    expect(isHostAllowed('api.acme.com', ['acme.com'])).toBe(true);
    expect(isHostAllowed('acme.com', ['acme.com'])).toBe(true);
    expect(isHostAllowed('API.Acme.com.', ['acme.com'])).toBe(true);
    expect(isHostAllowed('evilacme.com', ['acme.com'])).toBe(false);
    expect(isHostAllowed('acme.com.evil.net', ['acme.com'])).toBe(false);
    expect(isHostAllowed('api.acme.com', [])).toBe(false);
  });

  it('parses curl --resolve entries', () => {
    expect(parseResolveEntry('api.acme.com:443:127.0.0.1:8443')).toEqual({
      host: 'api.acme.com',
      port: 443,
      address: '127.0.0.1',
      addressPort: 8443,
    });
    expect(parseResolveEntry('api.acme.com:443:127.0.0.1')).toEqual({
      host: 'api.acme.com',
      port: 443,
      address: '127.0.0.1',
      addressPort: 443,
    });
    expect(
      parseResolveEntry('api.acme.com:443:[2001:db8::1]:8443')?.address,
    ).toBe('2001:db8::1');
    expect(parseResolveEntry('api.acme.com:443')).toBeUndefined();
    expect(parseResolveEntry('api.acme.com:0:127.0.0.1')).toBeUndefined();
  });

  it('connects to the override for the same host and port only', () => {
    const resolve = resolveTable([
      parseResolveEntry('api.acme.com:443:10.0.0.5:8443')!,
      parseResolveEntry('api.acme.com:443:10.0.0.6:8443')!,
    ]);
    expect(resolveProbeTarget('api.acme.com', 443, resolve)).toEqual({
      host: 'api.acme.com',
      port: 443,
      address: '10.0.0.5',
      addressPort: 8443,
    });
    expect(resolveProbeTarget('zot.acme.com', 443, resolve).address).toBe(
      'zot.acme.com',
    );
    expect(resolveProbeTarget('api.acme.com', 5555, resolve).address).toBe(
      'api.acme.com',
    );
  });
});
