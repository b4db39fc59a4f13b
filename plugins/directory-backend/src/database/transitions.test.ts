import { TestDatabases } from '@backstage/backend-test-utils';
import {
  CheckResult,
  CheckStatus,
} from '@directory-ops/plugin-directory-common';
import { databaseService } from '../__testUtils__/cluster';
import { HealthStore } from './HealthStore';
import { withSince } from './transitions';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const A = 'resource:default/a';

function poll(at: string, svid: CheckStatus, dns: CheckStatus = 'ok') {
  const checks: CheckResult[] = [
    {
      id: 'svid',
      title: 'SPIFFE SVID',
      status: svid,
      summary: `svid ${svid}`,
      observedAt: at,
    },
    {
      id: 'dns',
      title: 'Route53 DNS records',
      status: dns,
      summary: `dns ${dns}`,
      observedAt: at,
    },
  ];
  const severity = ['ok', 'unknown', 'warning', 'error'];
  const status = [svid, dns].reduce((w, s) =>
    severity.indexOf(s) > severity.indexOf(w) ? s : w,
  );
  return { entityRef: A, status, checkedAt: at, checks };
}

describe.each(databases.eachSupportedId())(
  'status transitions on %s',
  databaseId => {
    async function createStore() {
      return HealthStore.create({
        database: databaseService(await databases.init(databaseId)),
      });
    }

    it('records only changes, and says since when each status holds', async () => {
      const store = await createStore();
      await store.add(poll('2026-11-30T01:00:00.000Z', 'ok'));
      await store.add(poll('2026-11-30T01:02:00.000Z', 'ok'));
      await store.add(poll('2026-11-30T03:46:00.000Z', 'error'));
      await store.add(poll('2026-11-30T03:48:00.000Z', 'error', 'warning'));

      const since = await store.since(A);
      expect(since.get('')).toEqual({
        status: 'error',
        since: '2026-11-30T03:46:00.000Z',
      });
      expect(since.get('svid')).toEqual({
        status: 'error',
        since: '2026-11-30T03:46:00.000Z',
      });
      expect(since.get('dns')).toEqual({
        status: 'warning',
        since: '2026-11-30T03:48:00.000Z',
      });

      const latest = await store.latest(A);
      const health = withSince(latest!, since);
      expect(health.since).toBe('2026-11-30T03:46:00.000Z');
      expect(health.checks.map(c => [c.id, c.since])).toEqual([
        ['svid', '2026-11-30T03:46:00.000Z'],
        ['dns', '2026-11-30T03:48:00.000Z'],
      ]);

      const items = await store.transitions(A, {
        from: '2026-11-30T00:00:00.000Z',
        to: '2026-11-30T23:59:59.999Z',
      });
      expect(items).toEqual([
        {
          checkId: 'dns',
          status: 'warning',
          previousStatus: 'ok',
          summary: 'dns warning',
          at: '2026-11-30T03:48:00.000Z',
        },
        {
          checkId: 'svid',
          status: 'error',
          previousStatus: 'ok',
          summary: 'svid error',
          at: '2026-11-30T03:46:00.000Z',
        },
        {
          status: 'error',
          previousStatus: 'ok',
          summary: 'svid error',
          at: '2026-11-30T03:46:00.000Z',
        },
        {
          checkId: 'dns',
          status: 'ok',
          summary: 'dns ok',
          at: '2026-11-30T01:00:00.000Z',
        },
        {
          checkId: 'svid',
          status: 'ok',
          summary: 'svid ok',
          at: '2026-11-30T01:00:00.000Z',
        },
        { status: 'ok', summary: 'svid ok', at: '2026-11-30T01:00:00.000Z' },
      ]);
      expect(
        await store.transitions(A, {
          from: '2026-11-30T03:47:00.000Z',
          to: '2026-11-30T23:00:00.000Z',
        }),
      ).toHaveLength(1);
    });

    it('keeps every change through a burst of unchanged polls', async () => {
      const store = await createStore();
      await store.add(poll('2026-11-30T01:00:00.000Z', 'ok'));
      await store.add(poll('2026-11-30T01:01:00.000Z', 'error'));
      for (let i = 0; i < 120; i++) {
        await store.add(
          poll(
            `2026-11-30T02:${String(i % 60).padStart(2, '0')}:00.000Z`,
            'error',
          ),
        );
      }
      const items = await store.transitions(A, {
        from: '2026-11-30T00:00:00.000Z',
        to: '2026-11-30T23:00:00.000Z',
      });
      expect(
        items.filter(t => t.checkId === 'svid').map(t => t.status),
      ).toEqual(['error', 'ok']);
      expect((await store.since(A)).get('')?.since).toBe(
        '2026-11-30T01:01:00.000Z',
      );
    });

    it('prunes old transitions but keeps the newest of each check', async () => {
      const store = await createStore();
      await store.add(poll('2026-10-01T00:00:00.000Z', 'ok'));
      await store.add(poll('2026-10-02T00:00:00.000Z', 'error'));
      await store.add(poll('2026-11-29T00:00:00.000Z', 'ok'));

      const removed = await store.pruneTransitions(
        new Date('2026-10-31T00:00:00.000Z'),
      );
      // Both October svid/instance changes go; dns's only (October) transition stays.
      expect(removed).toBe(4);
      const since = await store.since(A);
      expect(since.get('dns')).toEqual({
        status: 'ok',
        since: '2026-10-01T00:00:00.000Z',
      });
      expect(since.get('svid')).toEqual({
        status: 'ok',
        since: '2026-11-29T00:00:00.000Z',
      });
      expect((await store.instanceSinceOfAll()).get(A)?.status).toBe('ok');
    });
  },
);
