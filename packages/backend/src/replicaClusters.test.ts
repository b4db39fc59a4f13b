import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FakeKubernetesApi,
  seedDirectoryInstance,
} from '@directory-ops/simulated-cluster';
import knexFactory, { Knex } from 'knex';

// Two replicas on one PostgreSQL database split the clusters: each cluster
// is its own global poll task, so both replicas poll, and no instance is
// polled twice in a cycle.
const databases = TestDatabases.create({
  ids: ['POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15'],
});
const postgresIds = databases.eachSupportedId().map(([id]) => id);

const POLL_SECONDS = 2;
const CLUSTERS = 6;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function instanceEntity(i: number): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `split-${i}`,
      namespace: 'default',
      annotations: {
        'agntcy.org/trust-domain': `td${i}.split.test`,
        'agntcy.org/federation-profile': 'https_web',
        'agntcy.org/base-domain': `i${i}.split.test`,
        'agntcy.org/kubernetes-cluster': `split-eks-${i}`,
        'agntcy.org/namespace': `dir-s${i}`,
        'agntcy.org/release': `dir-s${i}`,
      },
    },
    spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
  };
}

async function startReplica(
  knex: Knex,
  api: FakeKubernetesApi,
  entities: Entity[],
) {
  const backend = await startTestBackend({
    features: [
      import('@directory-ops/plugin-directory-backend'),
      schedulerServiceFactory,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                // Every cluster is this replica's own fake API server, so
                // its requests show which replica polled.
                clusters: entities.map((_, i) => ({
                  name: `split-eks-${i}`,
                  url: api.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: api.token,
                  caData: api.caData,
                })),
              },
            ],
          },
          directory: {
            schedule: {
              frequency: { seconds: POLL_SECONDS },
              timeout: { seconds: 20 },
              initialDelay: { seconds: 0 },
            },
          },
        },
      }),
    ],
  });
  return backend;
}

const describeOnPostgres = postgresIds.length > 0 ? describe : describe.skip;

describeOnPostgres('replicas split the clusters', () => {
  jest.setTimeout(240_000);

  it.each(postgresIds.map(id => [id] as [TestDatabaseId]))(
    'both replicas poll, and each instance once per cycle (%s)',
    async databaseId => {
      const knexA = await databases.init(databaseId);
      const knexB = knexFactory(knexA.client.config);
      // Each replica reaches the clusters through its own fake API server,
      // seeded alike, so the requests show which replica polled what.
      const apis = [
        await FakeKubernetesApi.start(),
        await FakeKubernetesApi.start(),
      ];
      const entities = Array.from({ length: CLUSTERS }, (_, i) =>
        instanceEntity(i),
      );
      for (const api of apis) {
        entities.forEach((_, i) =>
          seedDirectoryInstance(api, {
            release: `dir-s${i}`,
            namespace: `dir-s${i}`,
            trustDomain: `td${i}.split.test`,
            baseDomain: `i${i}.split.test`,
          }),
        );
      }
      const replicas = [
        await startReplica(knexA, apis[0], entities),
        await startReplica(knexB, apis[1], entities),
      ];
      const stopped = new Set<number>();
      try {
        await sleep(2_000);
        apis.forEach(api => api.stats.reset());
        const startedAt = Date.now();
        const logReads = (api: FakeKubernetesApi, i: number) =>
          [...api.stats.requestsByPath]
            .filter(
              ([path]) =>
                path.startsWith(`/api/v1/namespaces/dir-s${i}/pods/`) &&
                path.endsWith('/log'),
            )
            .reduce((sum, [, count]) => sum + count, 0);
        const work = (r: number) =>
          entities.filter((_, i) => logReads(apis[r], i) > 0).length;

        // Which replica takes a cluster's task is up to the database lock
        // (the replica whose poll comes first after the task is due, so one
        // replica may keep every task while both run). Once polls go on, the
        // replica that did more stops: the other takes its clusters over.
        while (work(0) + work(1) === 0 && Date.now() - startedAt < 60_000) {
          await sleep(500);
        }
        await sleep(POLL_SECONDS * 2_000);
        const busier = work(0) >= work(1) ? 0 : 1;
        await replicas[busier].stop();
        stopped.add(busier);
        const other = 1 - busier;
        while (work(other) < CLUSTERS && Date.now() - startedAt < 150_000) {
          await sleep(500);
        }
        await sleep(POLL_SECONDS * 2_000);
        const elapsedMs = Date.now() - startedAt;

        // Both replicas did work, and the one left polls every cluster.
        expect(work(busier)).toBeGreaterThan(0);
        expect(work(other)).toBe(CLUSTERS);
        // Each instance was polled about once per cycle, by either replica,
        // never twice in one cycle.
        const cycles = elapsedMs / (POLL_SECONDS * 1000);
        for (const i of entities.keys()) {
          const total = logReads(apis[0], i) + logReads(apis[1], i);
          expect(total).toBeGreaterThanOrEqual(2);
          expect(total).toBeLessThanOrEqual(Math.ceil(cycles) + 1);
        }
      } finally {
        for (const [r, replica] of replicas.entries()) {
          if (!stopped.has(r)) {
            await replica.stop();
          }
        }
        await knexB.destroy();
        await Promise.all(apis.map(api => api.close()));
      }
    },
  );
});

if (postgresIds.length === 0) {
  // Keeps the suite valid without PostgreSQL; CI provides one (see .ci/run).
  it('needs BACKSTAGE_TEST_DATABASE_POSTGRES<version>_CONNECTION_STRING for the replica test', () => {
    expect(postgresIds).toEqual([]);
  });
}
