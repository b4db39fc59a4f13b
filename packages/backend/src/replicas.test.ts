import { isDeepStrictEqual } from 'node:util';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
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
import request from 'supertest';

// Two replicas of the backend share one PostgreSQL database. The scheduler's
// global lock must make each poll cycle run once, on one replica.
const databases = TestDatabases.create({
  ids: ['POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15'],
});
const postgresIds = databases.eachSupportedId().map(([id]) => id);

const POLL_SECONDS = 2;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function instanceEntity(i: number): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `replica-test-${i}`,
      namespace: 'default',
      annotations: {
        'agntcy.org/trust-domain': `td${i}.replicas.test`,
        'agntcy.org/federation-profile': 'https_web',
        'agntcy.org/base-domain': `i${i}.replicas.test`,
        'agntcy.org/kubernetes-cluster': 'replicas-eks',
        'agntcy.org/namespace': `dir-i${i}`,
        'agntcy.org/release': `dir-i${i}`,
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
  return startTestBackend({
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
                clusters: [
                  {
                    name: 'replicas-eks',
                    url: api.url,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: api.token,
                    caData: api.caData,
                  },
                ],
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
}

type Replica = Awaited<ReturnType<typeof startReplica>>;

async function healthOf(replica: Replica, entityRef: string) {
  const res = await request(replica.server)
    .get(`/api/directory/health?entityRef=${encodeURIComponent(entityRef)}`)
    .set('Authorization', mockCredentials.user.header());
  expect(res.status).toBe(200);
  return res.body as { checkedAt?: string };
}

async function transitionsOf(
  replica: Replica,
  entityRef: string,
): Promise<string[]> {
  const res = await request(replica.server)
    .get(
      `/api/directory/health/history?entityRef=${encodeURIComponent(
        entityRef,
      )}`,
    )
    .set('Authorization', mockCredentials.user.header());
  expect(res.status).toBe(200);
  return (
    res.body.items as Array<{ checkId?: string; status: string; at: string }>
  ).map(i => `${i.checkId ?? 'instance'} ${i.status} ${i.at}`);
}

/**
 * The poll times of each instance seen while sampling `/health` every 100 ms
 * for `ms`: one distinct `checkedAt` per cycle that polled it.
 */
async function sampleCycles(replica: Replica, refs: string[], ms: number) {
  const seen = refs.map(() => new Set<string>());
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const healths = await Promise.all(refs.map(ref => healthOf(replica, ref)));
    healths.forEach((h, i) => h.checkedAt && seen[i].add(h.checkedAt));
    await sleep(100);
  }
  return seen.map(s => [...s]);
}

const describeOnPostgres = postgresIds.length > 0 ? describe : describe.skip;

describeOnPostgres('two replicas on PostgreSQL', () => {
  jest.setTimeout(120_000);

  it.each(postgresIds.map(id => [id] as [TestDatabaseId]))(
    'polls each instance once per cycle and keeps history across a restart (%s)',
    async databaseId => {
      const knexA = await databases.init(databaseId);
      const knexB = knexFactory(knexA.client.config);
      const api = await FakeKubernetesApi.start();
      const entities = [0, 1, 2].map(instanceEntity);
      entities.forEach((_entity, i) =>
        seedDirectoryInstance(api, {
          release: `dir-i${i}`,
          namespace: `dir-i${i}`,
          trustDomain: `td${i}.replicas.test`,
          baseDomain: `i${i}.replicas.test`,
        }),
      );
      const refs = entities.map(e => `resource:default/${e.metadata.name}`);
      let replicaA = await startReplica(knexA, api, entities);
      const replicaB = await startReplica(knexB, api, entities);
      // A replica that registers the task moves its next run to its initial
      // delay; steady cycles start once both have registered.
      const bothUpAt = Date.now();
      let replicaAStopped = false;
      try {
        // On a busy machine cycles start late and take longer, so fewer of them
        // fit in the window than the period allows.
        const histories = await sampleCycles(
          replicaB,
          refs,
          POLL_SECONDS * 8000,
        );

        // Each cycle ran once: every instance was polled in the same cycles,
        // spaced a poll period apart, never twice in one period.
        const counts = histories.map(h => h.length);
        expect(new Set(counts).size).toBeLessThanOrEqual(2);
        // A cycle that both replicas ran would poll an instance twice in a
        // period. (checkedAt is when the instance's checks ended, so under
        // load two cycles' times can be close: count, don't measure gaps.)
        const steadyWindowMs = Date.now() - bothUpAt;
        for (const history of histories) {
          const steady = history.filter(t => Date.parse(t) > bothUpAt + 100);
          expect(steady.length).toBeGreaterThanOrEqual(2);
          expect(steady.length).toBeLessThanOrEqual(
            Math.floor(steadyWindowMs / (POLL_SECONDS * 1000)) + 1,
          );
        }

        // Both replicas serve the same results: a replica sees what the
        // other stored within 250 ms, so a read right after a poll may
        // differ; the next ones agree.
        const replicas = [replicaA, replicaB];
        const bodiesOf = async (ref: string) => {
          const [fromA, fromB] = await Promise.all(
            replicas.map(r =>
              request(r.server)
                .get(
                  `/api/directory/health?entityRef=${encodeURIComponent(ref)}`,
                )
                .set('Authorization', mockCredentials.user.header()),
            ),
          );
          expect(fromA.status).toBe(200);
          return [fromA.body, fromB.body];
        };
        for (const ref of refs) {
          let [fromA, fromB] = await bodiesOf(ref);
          for (
            let tries = 0;
            tries < 5 && !isDeepStrictEqual(fromA, fromB);
            tries++
          ) {
            await sleep(300);
            [fromA, fromB] = await bodiesOf(ref);
          }
          expect(fromA).toEqual(fromB);
        }

        // Restart replica A in the middle of a cycle: no stored transition is
        // lost and polling goes on.
        const before = await Promise.all(
          refs.map(ref => transitionsOf(replicaB, ref)),
        );
        const polledBefore = await Promise.all(
          refs.map(ref => healthOf(replicaB, ref)),
        );
        await sleep(POLL_SECONDS * 500);
        await replicaA.stop();
        replicaAStopped = true;
        replicaA = await startReplica(knexA, api, entities);
        replicaAStopped = false;
        await sleep(POLL_SECONDS * 3000);
        for (const [i, ref] of refs.entries()) {
          const after = await transitionsOf(replicaA, ref);
          expect(after).toEqual(expect.arrayContaining(before[i]));
          const polledAfter = await healthOf(replicaA, ref);
          expect(Date.parse(polledAfter.checkedAt!)).toBeGreaterThan(
            Date.parse(polledBefore[i].checkedAt!),
          );
        }
      } finally {
        if (!replicaAStopped) await replicaA.stop();
        await replicaB.stop();
        await knexB.destroy();
        await api.close();
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
