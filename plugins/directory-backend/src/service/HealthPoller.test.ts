import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Knex } from 'knex';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CheckId,
  directoryHosts,
} from '@directory-ops/plugin-directory-common';
import {
  appendSvidLogLines,
  createCertificateAuthority,
  FakeFault,
  FakeKubernetesApi,
  FakeRoute53,
  issueSvid,
  startTlsEndpoint,
  SeedInstanceFaults,
  seedDirectoryInstance,
} from '@directory-ops/simulated-cluster';
import {
  BASE_DOMAIN,
  databaseService,
  instanceEntity,
  testConnector,
  TRUST_DOMAIN,
} from '../__testUtils__/cluster';
import { readDirectoryBackendConfig } from '../config';
import { HealthStore } from '../database/HealthStore';
import { Route53RecordReader } from '../dns/Route53RecordReader';
import type { DirectoryCheck } from '@directory-ops/plugin-directory-node';
import { HealthPoller } from './HealthPoller';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function createPoller(options: {
  clusters: Record<string, FakeKubernetesApi>;
  entities: ReturnType<typeof instanceEntity>[];
  config?: object;
  checks?: DirectoryCheck[];
  knex?: Knex;
}) {
  const logger = mockServices.logger.mock();
  const store = await HealthStore.create({
    database: databaseService(
      options.knex ?? (await databases.init('SQLITE_3')),
    ),
  });
  const settings = readDirectoryBackendConfig(
    new ConfigReader({
      directory: { clusterTimeout: '30s', ...options.config },
    }),
  );
  const poller = new HealthPoller({
    catalog: catalogServiceMock({ entities: options.entities }),
    auth: mockServices.auth(),
    logger,
    connector: testConnector(options.clusters),
    store,
    settings,
    route53: new Route53RecordReader(settings.route53, {
      getCredentialProvider: async () => ({
        sdkCredentialProvider: async () => ({
          accessKeyId: 'AKIDTEST',
          secretAccessKey: 'test',
        }),
      }),
    }),
    publicTrustStore: [],
    checks: options.checks,
  });
  return { poller, store, logger };
}

function seed(
  api: FakeKubernetesApi,
  release: string,
  faults: SeedInstanceFaults = {},
) {
  return seedDirectoryInstance(api, {
    release,
    namespace: `${release}-ns`,
    adminNamespace: `${release}-admin`,
    trustDomain: TRUST_DOMAIN,
    baseDomain: BASE_DOMAIN,
    faults,
  });
}

function entityFor(name: string, cluster: string, release: string) {
  return instanceEntity({
    name,
    cluster,
    release,
    namespace: `${release}-ns`,
    adminNamespace: `${release}-admin`,
  });
}

let faultCount = 0;

describe('HealthPoller', () => {
  let api: FakeKubernetesApi;
  let other: FakeKubernetesApi;

  beforeAll(async () => {
    [api, other] = await Promise.all([
      FakeKubernetesApi.start(),
      FakeKubernetesApi.start(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([api.close(), other.close()]);
  });
  afterEach(() => {
    api.setFault(undefined);
    other.setFault(undefined);
  });

  it('polls a healthy instance: every check ok with at most 8 Kubernetes requests', async () => {
    const seeded = seed(api, 'healthy');
    const spire = createCertificateAuthority('SPIRE');
    const endpoint = await startTlsEndpoint({
      certificate: issueSvid(spire, {
        trustDomain: TRUST_DOMAIN,
        path: new URL(seeded.spiffeId).pathname,
        dnsNames: [seeded.apiHost],
      }),
      requestClientCert: true,
    });
    const route53 = await FakeRoute53.start({ pageSize: 2 });
    route53.addHostedZone({ id: 'ZACME', name: BASE_DOMAIN });
    const hosts = directoryHosts(BASE_DOMAIN);
    for (const host of [
      hosts.api,
      hosts.zot,
      hosts.spire,
      hosts.oidcDiscovery,
    ]) {
      route53.addRecord('ZACME', {
        name: host,
        type: 'A',
        aliasTarget: {
          dnsName: seeded.loadBalancerHostname,
          hostedZoneId: 'Z35SXDOTRQ7X7K',
        },
      });
    }
    route53.addRecord('ZACME', {
      name: hosts.routing,
      type: 'A',
      aliasTarget: {
        dnsName: seeded.routingLoadBalancerHostname,
        hostedZoneId: 'Z26RNL4JYFTOTI',
      },
    });

    const { poller, store } = await createPoller({
      clusters: { 'eks-a': api },
      entities: [
        instanceEntity({
          name: 'healthy',
          cluster: 'eks-a',
          release: 'healthy',
          namespace: 'healthy-ns',
          adminNamespace: 'healthy-admin',
          route53HostedZoneId: 'ZACME',
        }),
      ],
      config: {
        probe: {
          allowedDomains: [BASE_DOMAIN],
          resolve: [`${seeded.apiHost}:443:${endpoint.host}:${endpoint.port}`],
        },
        route53: { endpoint: route53.endpoint },
      },
    });
    try {
      api.stats.reset();
      await poller.pollAll();
      expect(api.stats.requests).toBeLessThanOrEqual(8);
    } finally {
      await Promise.all([endpoint.close(), route53.close()]);
    }

    const stored = await store.latest('resource:default/healthy');
    expect(stored?.status).toBe('ok');
    expect(
      Object.fromEntries(stored!.checks.map(c => [c.id, c.status])),
    ).toEqual({
      svid: 'ok',
      'tls-passthrough': 'ok',
      cronjobs: 'ok',
      pvcs: 'ok',
      rollout: 'ok',
      'config-drift': 'ok',
      dns: 'ok',
    });
  });

  it('shares list calls between instances: one cluster-wide list per kind', async () => {
    seed(api, 'shared');
    const second = instanceEntity({
      name: 'shared-twin',
      cluster: 'eks-a',
      release: 'shared',
      namespace: 'shared-ns',
      adminNamespace: 'shared-admin',
    });
    const { poller } = await createPoller({
      clusters: { 'eks-a': api },
      entities: [entityFor('shared', 'eks-a', 'shared'), second],
    });
    api.stats.reset();
    await poller.pollAll();
    expect(api.stats.requestsByPath.get('/api/v1/pods')).toBe(1);
    expect(api.stats.requestsByPath.get('/apis/batch/v1/cronjobs')).toBe(1);
    expect(api.stats.requestsByPath.get('/api/v1/persistentvolumeclaims')).toBe(
      1,
    );
  });

  it.each<[string, SeedInstanceFaults, CheckId, string]>([
    ['svid failed', { svid: 'failed' }, 'svid', 'error'],
    ['svid no-uri-san', { svid: 'no-uri-san' }, 'svid', 'error'],
    ['svid never-succeeded', { svid: 'never-succeeded' }, 'svid', 'error'],
    ['no running apiserver', { noRunningApiserver: true }, 'svid', 'error'],
    ['cronjob failed', { cronjob: 'failed' }, 'cronjobs', 'error'],
    ['cronjob stuck', { cronjob: 'stuck' }, 'cronjobs', 'error'],
    ['cronjob suspended', { cronjob: 'suspended' }, 'cronjobs', 'warning'],
    [
      'cronjob never-succeeded',
      { cronjob: 'never-succeeded' },
      'cronjobs',
      'error',
    ],
    [
      'cronjob stale-success',
      { cronjob: 'stale-success' },
      'cronjobs',
      'warning',
    ],
    ['pvc pending', { pvc: 'pending' }, 'pvcs', 'error'],
    [
      'pvc pending-wait-for-consumer',
      { pvc: 'pending-wait-for-consumer' },
      'pvcs',
      'warning',
    ],
    ['pvc lost', { pvc: 'lost' }, 'pvcs', 'error'],
    ['pvc undersized', { pvc: 'undersized' }, 'pvcs', 'warning'],
    [
      'rollout rolling-update-with-pvc',
      { rollout: 'rolling-update-with-pvc' },
      'rollout',
      'error',
    ],
    [
      'rollout no-ready-replicas',
      { rollout: 'no-ready-replicas' },
      'rollout',
      'error',
    ],
    ['rollout in-progress', { rollout: 'in-progress' }, 'rollout', 'warning'],
    ['config drift', { configDrift: true }, 'config-drift', 'warning'],
  ])('reports the seeded fault %s', async (_name, faults, checkId, status) => {
    const release = `fault-${++faultCount}`;
    seed(api, release, faults);
    const { poller, store } = await createPoller({
      clusters: { 'eks-a': api },
      entities: [entityFor(release, 'eks-a', release)],
    });
    await poller.pollAll();
    const stored = await store.latest(`resource:default/${release}`);
    expect(stored!.checks.find(c => c.id === checkId)).toMatchObject({
      status,
    });
  });

  it.each<[FakeFault, string]>([
    ['refuse', 'unreachable'],
    ['hang', 'timeout'],
    ['forbidden', '403'],
    ['server-error', '500'],
    ['malformed-json', 'malformed'],
  ])(
    'reports %s as unknown and still polls the other cluster',
    async (fault, reason) => {
      seed(api, 'broken');
      seed(other, 'fine');
      const { poller, store } = await createPoller({
        clusters: { 'eks-broken': api, 'eks-fine': other },
        entities: [
          entityFor('broken', 'eks-broken', 'broken'),
          entityFor('fine', 'eks-fine', 'fine'),
        ],
        // Only a hanging cluster needs its timeout; a short one for every
        // fault would also cut the fine cluster short on a busy machine.
        config: { clusterTimeout: fault === 'hang' ? '3s' : '30s' },
      });
      api.setFault(fault);
      const started = Date.now();
      await poller.pollAll();
      // The hanging cluster ends at its timeout, not at the test's.
      expect(Date.now() - started).toBeLessThan(20_000);

      const broken = await store.latest('resource:default/broken');
      const clusterChecks = broken!.checks.filter(
        c => c.id !== 'tls-passthrough',
      );
      expect(clusterChecks.length).toBeGreaterThan(0);
      for (const check of clusterChecks) {
        expect(check).toMatchObject({
          status: 'unknown',
          summary: expect.stringContaining(reason),
        });
      }
      const fine = await store.latest('resource:default/fine');
      expect(fine!.checks.find(c => c.id === 'svid')).toMatchObject({
        status: 'ok',
      });
    },
  );

  it('follows the SVID log across polls, reading only what is new', async () => {
    const seeded = seed(api, 'rotating');
    const { poller, store } = await createPoller({
      clusters: { 'eks-a': api },
      entities: [entityFor('rotating', 'eks-a', 'rotating')],
    });
    const svidStatus = async () => {
      await poller.pollAll();
      const stored = await store.latest('resource:default/rotating');
      return stored!.checks.find(c => c.id === 'svid')?.status;
    };
    expect(await svidStatus()).toBe('ok');

    appendSvidLogLines(api, seeded, 'failure');
    expect(await svidStatus()).toBe('error');

    api.stats.reset();
    expect(await svidStatus()).toBe('error');
    expect(api.stats.logBytesServed).toBeLessThan(2_000);

    appendSvidLogLines(api, seeded, 'success');
    expect(await svidStatus()).toBe('ok');
  });

  it('continues the SVID log where another replica stopped', async () => {
    const seeded = seed(api, 'replicated');
    const knex = await databases.init('SQLITE_3');
    const options = {
      clusters: { 'eks-a': api },
      entities: [entityFor('replicated', 'eks-a', 'replicated')],
      knex,
    };
    const replicaA = await createPoller(options);
    const replicaB = await createPoller(options);

    await replicaA.poller.pollAll();
    appendSvidLogLines(api, seeded, 'failure');
    api.stats.reset();
    await replicaB.poller.pollAll();
    // Replica B read only the new lines, not the log from the start.
    expect(api.stats.logBytesServed).toBeLessThan(4_000);
    const stored = await replicaB.store.latest('resource:default/replicated');
    expect(stored!.checks.find(c => c.id === 'svid')).toMatchObject({
      status: 'error',
    });
  });

  it('ends a poll early when the scheduled task is aborted', async () => {
    seed(api, 'aborted');
    const { poller, store } = await createPoller({
      clusters: { 'eks-a': api },
      entities: [entityFor('aborted', 'eks-a', 'aborted')],
      config: { clusterTimeout: '30s' },
    });
    api.setFault('hang');
    const started = Date.now();
    await poller.pollAll(AbortSignal.timeout(500));
    expect(Date.now() - started).toBeLessThan(5_000);
    const stored = await store.latest('resource:default/aborted');
    expect(stored!.checks.find(c => c.id === 'svid')).toMatchObject({
      status: 'unknown',
      summary: expect.stringContaining('timeout: the poll ended'),
    });
  });

  it('names the missing RBAC when the cluster answers 403', async () => {
    seed(api, 'rbac');
    const { poller, store } = await createPoller({
      clusters: { 'eks-a': api },
      entities: [entityFor('rbac', 'eks-a', 'rbac')],
    });
    api.setFault('forbidden');
    await poller.pollAll();
    const stored = await store.latest('resource:default/rbac');
    expect(stored!.checks.find(c => c.id === 'pvcs')?.summary).toMatch(
      /forbidden \(403\).*persistentvolumeclaims/,
    );
  });

  it('checks at most `concurrency` instances of one cluster at a time, clusters side by side', async () => {
    const running = new Map<string, number>();
    const peak = new Map<string, number>();
    let peakOverall = 0;
    const probe: DirectoryCheck = {
      id: 'rollout',
      title: 'Counts instances at a time',
      async run({ cluster }) {
        const now = (running.get(cluster.name) ?? 0) + 1;
        running.set(cluster.name, now);
        peak.set(cluster.name, Math.max(peak.get(cluster.name) ?? 0, now));
        peakOverall = Math.max(
          peakOverall,
          [...running.values()].reduce((a, b) => a + b, 0),
        );
        await new Promise(resolve => setTimeout(resolve, 50));
        running.set(cluster.name, (running.get(cluster.name) ?? 1) - 1);
        return { status: 'ok', summary: 'counted' };
      },
    };
    const entities = [0, 1, 2, 3, 4].flatMap(i => [
      entityFor(`a${i}`, 'eks-a', `a${i}`),
      entityFor(`b${i}`, 'eks-b', `b${i}`),
    ]);
    const { poller, store } = await createPoller({
      clusters: { 'eks-a': api, 'eks-b': other },
      entities,
      config: { concurrency: 2 },
      checks: [probe],
    });
    await poller.pollAll();
    expect(peak.get('eks-a')).toBe(2);
    expect(peak.get('eks-b')).toBe(2);
    expect(peakOverall).toBe(4);
    expect((await store.latestOfAll()).size).toBe(10);
  });

  it('turns a check that throws into unknown, logs it with the check id, and runs the others', async () => {
    seed(api, 'throws');
    const broken: DirectoryCheck = {
      id: 'broken',
      title: 'Broken check',
      async run() {
        throw new Error('boom');
      },
    };
    const fine: DirectoryCheck = {
      id: 'fine',
      title: 'Fine check',
      run: async () => ({ status: 'ok', summary: 'fine' }),
    };
    const { poller, store, logger } = await createPoller({
      clusters: { 'eks-a': api },
      entities: [entityFor('throws', 'eks-a', 'throws')],
      checks: [broken, fine],
    });
    await poller.pollAll();
    const stored = await store.latest('resource:default/throws');
    expect(stored!.checks).toEqual([
      expect.objectContaining({
        id: 'broken',
        title: 'Broken check',
        status: 'unknown',
        summary: expect.stringMatching(/the check failed: .*boom/),
      }),
      expect.objectContaining({
        id: 'fine',
        title: 'Fine check',
        status: 'ok',
      }),
    ]);
    expect(stored!.status).toBe('unknown');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /Directory check 'broken' failed for resource:default\/throws: .*boom/,
      ),
      { error: expect.stringContaining('Error: boom') },
    );
  });

  it('skips an entity with bad annotations with a warning', async () => {
    seed(api, 'good');
    const bad = instanceEntity({
      name: 'bad',
      cluster: 'eks-a',
      release: 'Not_A_Release',
      namespace: 'x',
    });
    const { poller, store, logger } = await createPoller({
      clusters: { 'eks-a': api },
      entities: [bad, entityFor('good', 'eks-a', 'good')],
    });
    await poller.pollAll();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('resource:default/bad'),
    );
    expect(await store.latest('resource:default/bad')).toBeUndefined();
    expect(await store.latest('resource:default/good')).toBeDefined();
  });

  it('reports an instance on a cluster that is not configured as unknown', async () => {
    const { poller, store } = await createPoller({
      clusters: { 'eks-a': api },
      entities: [entityFor('lost', 'eks-missing', 'lost')],
    });
    await poller.pollAll();
    const stored = await store.latest('resource:default/lost');
    expect(stored!.checks.find(c => c.id === 'svid')).toMatchObject({
      status: 'unknown',
      summary: expect.stringContaining('not configured'),
    });
  });
});
