import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_ALLOWED_NAMESPACES,
  readDirectoryBackendConfig,
} from './config';

describe('readDirectoryBackendConfig', () => {
  it('has defaults', () => {
    expect(readDirectoryBackendConfig(new ConfigReader({}))).toEqual({
      schedule: {
        frequency: { minutes: 2 },
        timeout: { minutes: 2 },
        initialDelay: { seconds: 15 },
      },
      concurrency: 4,
      totalConcurrency: 160,
      clusterTimeoutMs: 30_000,
      svidLogLimitBytes: 262_144,
      refreshMinIntervalMs: 30_000,
      allowedNamespaces: DEFAULT_ALLOWED_NAMESPACES,
      probe: { allowedDomains: [], resolve: [], timeoutMs: 5_000 },
      route53: {
        awsConfigured: false,
        region: 'us-east-1',
        endpoint: undefined,
        accountId: undefined,
      },
      notifications: { statuses: ['error', 'ok'] },
      argocd: {
        cluster: undefined,
        namespace: 'argocd',
        progressingTimeoutMs: 600_000,
      },
      historyRetentionDays: 30,
    });
  });

  it('keeps the default cluster timeout inside a short schedule timeout', () => {
    const config = readDirectoryBackendConfig(
      new ConfigReader({
        directory: {
          schedule: { frequency: { seconds: 30 }, timeout: { seconds: 20 } },
        },
      }),
    );
    expect(config.clusterTimeoutMs).toBe(18_000);
  });

  it('reads every key', () => {
    const config = readDirectoryBackendConfig(
      new ConfigReader({
        directory: {
          schedule: { frequency: { cron: '*/5 * * * *' }, timeout: 'PT4M' },
          concurrency: 2,
          totalConcurrency: 40,
          clusterTimeout: '45s',
          svid: { logLimitBytes: 65536 },
          refresh: { minInterval: '10s' },
          namespaces: { allowed: ['dir-*', '!dir-sandbox'] },
          probe: {
            allowedDomains: ['Acme.com', '.corp.example'],
            resolve: [
              'api.acme.com:443:10.0.0.5:8443',
              'api.corp.example:443:10.0.0.6',
              'api.v6.acme.com:443:[::1]:9443',
            ],
            timeout: { seconds: 3 },
          },
          route53: {
            endpoint: 'http://localhost:4566',
            region: 'eu-west-1',
            accountId: '123456789012',
          },
          notifications: { statuses: ['error'] },
          argocd: {
            cluster: 'hub-eks',
            namespace: 'gitops',
            progressingTimeout: { minutes: 5 },
          },
          history: { retentionDays: 7 },
        },
      }),
    );
    expect(config).toEqual({
      schedule: { frequency: { cron: '*/5 * * * *' }, timeout: { minutes: 4 } },
      concurrency: 2,
      totalConcurrency: 40,
      clusterTimeoutMs: 45_000,
      svidLogLimitBytes: 65_536,
      refreshMinIntervalMs: 10_000,
      allowedNamespaces: ['dir-*', '!dir-sandbox'],
      probe: {
        allowedDomains: ['acme.com', 'corp.example'],
        resolve: [
          {
            host: 'api.acme.com',
            port: 443,
            address: '10.0.0.5',
            addressPort: 8443,
          },
          {
            host: 'api.corp.example',
            port: 443,
            address: '10.0.0.6',
            addressPort: 443,
          },
          {
            host: 'api.v6.acme.com',
            port: 443,
            address: '::1',
            addressPort: 9443,
          },
        ],
        timeoutMs: 3_000,
      },
      route53: {
        awsConfigured: false,
        endpoint: 'http://localhost:4566',
        region: 'eu-west-1',
        accountId: '123456789012',
      },
      notifications: { statuses: ['error'] },
      argocd: {
        cluster: 'hub-eks',
        namespace: 'gitops',
        progressingTimeoutMs: 300_000,
      },
      historyRetentionDays: 7,
    });
  });

  it.each([
    [{ schedule: { frequency: 'often' } }, 'directory.schedule'],
    [{ concurrency: 0 }, 'directory.concurrency'],
    [{ totalConcurrency: 1.5 }, 'directory.totalConcurrency'],
    [{ clusterTimeout: 'soon' }, 'directory.clusterTimeout'],
    [
      { probe: { resolve: ['api.acme.com:10.0.0.5'] } },
      'directory.probe.resolve',
    ],
    [
      { probe: { resolve: ['api.acme.com:99999:10.0.0.5'] } },
      'directory.probe.resolve',
    ],
    [{ probe: { allowedDomains: [' '] } }, 'directory.probe.allowedDomains'],
    [{ route53: { endpoint: 'localhost:4566' } }, 'directory.route53.endpoint'],
    [{ refresh: { minInterval: 'soon' } }, 'directory.refresh.minInterval'],
    [
      { namespaces: { allowed: ['Kube System'] } },
      'directory.namespaces.allowed',
    ],
    [{ history: { retentionDays: 0 } }, 'directory.history.retentionDays'],
    [{ notifications: { statuses: ['broken'] } }, 'directory.notifications.statuses'],
  ])('refuses %j with an InputError naming %s', (directory, key) => {
    expect(() =>
      readDirectoryBackendConfig(new ConfigReader({ directory })),
    ).toThrow(InputError);
    expect(() =>
      readDirectoryBackendConfig(new ConfigReader({ directory })),
    ).toThrow(key);
  });
});
