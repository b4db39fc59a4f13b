import { TestDatabases } from '@backstage/backend-test-utils';
import { CheckResult } from '@directory-ops/plugin-directory-common';
import { databaseService } from '../__testUtils__/cluster';
import { HealthStore, HISTORY_LIMIT } from './HealthStore';

jest.setTimeout(60_000);

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES<version>_CONNECTION_STRING is
// set; without Docker, engines that are not configured are skipped.
const databases = TestDatabases.create({
  ids: ['POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

function check(summary: string): CheckResult {
  return {
    id: 'svid',
    title: 'SPIFFE SVID',
    status: 'ok',
    summary,
    observedAt: '2026-11-28T01:00:00.000Z',
  };
}

describe.each(databases.eachSupportedId())('HealthStore on %s', databaseId => {
  async function createStore() {
    return HealthStore.create({
      database: databaseService(await databases.init(databaseId)),
    });
  }

  it('is empty before the first poll', async () => {
    const store = await createStore();
    expect(await store.latest('resource:default/a')).toBeUndefined();
    expect(await store.history('resource:default/a')).toEqual([]);
    expect((await store.latestOfAll()).size).toBe(0);
  });

  it('returns the latest result per instance', async () => {
    const store = await createStore();
    await store.add({
      entityRef: 'resource:default/a',
      status: 'error',
      checkedAt: '2026-11-28T01:00:00.000Z',
      checks: [check('a1')],
    });
    await store.add({
      entityRef: 'resource:default/b',
      status: 'ok',
      checkedAt: '2026-11-28T01:00:01.000Z',
      checks: [],
    });
    await store.add({
      entityRef: 'resource:default/a',
      status: 'ok',
      checkedAt: '2026-11-28T01:02:00.000Z',
      checks: [check('a2')],
    });

    expect(await store.latest('resource:default/a')).toEqual({
      entityRef: 'resource:default/a',
      status: 'ok',
      checkedAt: '2026-11-28T01:02:00.000Z',
      checks: [check('a2')],
    });
    const all = await store.latestOfAll();
    expect([...all.keys()].sort()).toEqual([
      'resource:default/a',
      'resource:default/b',
    ]);
    expect(all.get('resource:default/a')?.checks).toEqual([check('a2')]);
  });

  it('shows the check id as the title of a result stored before results had titles', async () => {
    const store = await createStore();
    const { title: _, ...untitled } = check('stored long ago');
    await store.add({
      entityRef: 'resource:default/a',
      status: 'ok',
      checkedAt: '2026-11-28T01:00:00.000Z',
      checks: [untitled as CheckResult, check('with a title')],
    });
    const titles = (await store.latest('resource:default/a'))?.checks.map(
      c => c.title,
    );
    expect(titles).toEqual(['svid', 'SPIFFE SVID']);
    expect(
      (await store.latestOf(['resource:default/a']))
        .get('resource:default/a')
        ?.checks.map(c => c.title),
    ).toEqual(['svid', 'SPIFFE SVID']);
  });

  it(`keeps the newest ${HISTORY_LIMIT} results per instance, newest first`, async () => {
    const store = await createStore();
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      await store.add({
        entityRef: 'resource:default/a',
        status: 'ok',
        checkedAt: `2026-11-28T01:00:${String(i).padStart(2, '0')}.000Z`,
        checks: [check(`poll ${i}`)],
      });
    }
    await store.add({
      entityRef: 'resource:default/b',
      status: 'ok',
      checkedAt: '2026-11-28T02:00:00.000Z',
      checks: [],
    });

    const history = await store.history('resource:default/a');
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history[0].checks[0].summary).toBe(`poll ${HISTORY_LIMIT + 4}`);
    expect(history[HISTORY_LIMIT - 1].checks[0].summary).toBe('poll 5');
    expect(await store.history('resource:default/b')).toHaveLength(1);
  });

  it('stores a poll of many instances at once, keeping the history limit and transitions of each', async () => {
    const store = await createStore();
    const refs = Array.from(
      { length: 450 },
      (_, i) => `resource:default/i${i}`,
    );
    for (let poll = 0; poll < HISTORY_LIMIT + 2; poll++) {
      await store.addAll(
        refs.map((entityRef, i) => ({
          entityRef,
          // Instance 0 fails from poll 30 on; the others stay ok.
          status: i === 0 && poll >= 30 ? 'error' : 'ok',
          checkedAt: `2026-11-28T02:${String(poll).padStart(2, '0')}:00.000Z`,
          checks: [check(`poll ${poll}`)],
        })),
      );
    }
    for (const ref of [refs[0], refs[449]]) {
      const history = await store.history(ref);
      expect(history).toHaveLength(HISTORY_LIMIT);
      expect(history[0].checks[0].summary).toBe(`poll ${HISTORY_LIMIT + 1}`);
    }
    const latest = await store.latestOf([
      refs[0],
      refs[1],
      'resource:default/none',
    ]);
    expect([...latest.keys()]).toEqual([refs[0], refs[1]]);
    expect(latest.get(refs[0])?.status).toBe('error');
    const since = await store.since(refs[0]);
    expect(since.get('')).toEqual({
      status: 'error',
      since: '2026-11-28T02:30:00.000Z',
    });
    expect((await store.since(refs[1])).get('')?.since).toBe(
      '2026-11-28T02:00:00.000Z',
    );
  });

  it('serves the health of an instance, new as soon as any result is stored', async () => {
    const store = await createStore();
    const ref = 'resource:default/a';
    expect(await store.health(ref)).toEqual({
      entityRef: ref,
      status: 'unknown',
      checks: [],
    });
    await store.add({
      entityRef: ref,
      status: 'error',
      checkedAt: '2026-11-28T01:00:00.000Z',
      checks: [{ ...check('broken'), status: 'error' }],
    });
    expect(await store.health(ref)).toMatchObject({
      status: 'error',
      since: '2026-11-28T01:00:00.000Z',
      checks: [{ summary: 'broken', since: '2026-11-28T01:00:00.000Z' }],
    });
    // Another instance's result does not change this one's, but is seen.
    await store.add({
      entityRef: 'resource:default/b',
      status: 'ok',
      checkedAt: '2026-11-28T01:01:00.000Z',
      checks: [],
    });
    await store.add({
      entityRef: ref,
      status: 'ok',
      checkedAt: '2026-11-28T01:02:00.000Z',
      checks: [check('fixed')],
    });
    expect(await store.health(ref)).toMatchObject({
      status: 'ok',
      since: '2026-11-28T01:02:00.000Z',
      checks: [{ summary: 'fixed' }],
    });
    expect((await store.health('resource:default/b')).status).toBe('ok');
  });

  it('reads the SVID log states of one cluster only, whatever its name holds', async () => {
    const store = await createStore();
    const state = { cursor: '2026-11-28T01:00:00Z', linesAtCursor: 1 };
    const at = new Date('2026-11-28T01:00:00Z');
    await store.setSvidLogStates(
      new Map([
        ['eks_1%/ns/pod-a/1', state],
        ['eks_1%/ns/pod-b/1', { ...state, linesAtCursor: 2 }],
        ['eksx1%/ns/pod-a/1', state],
        ['EKS_1%/ns/pod-a/1', state],
        ['eks_1%x/ns/pod-a/1', state],
      ]),
      at,
    );
    const states = await store.getSvidLogStates('eks_1%/');
    expect([...states.keys()].sort()).toEqual([
      'eks_1%/ns/pod-a/1',
      'eks_1%/ns/pod-b/1',
    ]);
    expect(states.get('eks_1%/ns/pod-b/1')?.linesAtCursor).toBe(2);
  });

  it('keeps SVID log states and drops those not read for a day', async () => {
    const store = await createStore();
    const state = {
      cursor: '2026-11-28T01:00:00.123456789Z',
      linesAtCursor: 2,
      verdict: {
        outcome: 'success' as const,
        line: 'msg="Successfully obtained valid X509-SVID for server"',
        at: '2026-11-28T00:59:00Z',
      },
    };
    await store.setSvidLogState(
      'eks/ns/pod-a/containerd://a',
      state,
      new Date('2026-11-27T00:00:00Z'),
    );
    expect(await store.getSvidLogState('eks/ns/pod-a/containerd://a')).toEqual(
      state,
    );

    await store.setSvidLogState(
      'eks/ns/pod-a/containerd://a',
      { ...state, linesAtCursor: 3 },
      new Date('2026-11-27T00:01:00Z'),
    );
    expect(
      (await store.getSvidLogState('eks/ns/pod-a/containerd://a'))
        ?.linesAtCursor,
    ).toBe(3);

    await store.setSvidLogState(
      'eks/ns/pod-b/containerd://b',
      state,
      new Date('2026-11-28T02:00:00Z'),
    );
    expect(
      await store.getSvidLogState('eks/ns/pod-a/containerd://a'),
    ).toBeUndefined();
    expect(await store.getSvidLogState('eks/ns/pod-b/containerd://b')).toEqual(
      state,
    );
  });

  it('keeps its data when the plugin restarts', async () => {
    const knex = await databases.init(databaseId);
    const first = await HealthStore.create({ database: databaseService(knex) });
    await first.add({
      entityRef: 'resource:default/a',
      status: 'warning',
      checkedAt: '2026-11-28T01:00:00.000Z',
      checks: [],
    });
    const second = await HealthStore.create({
      database: databaseService(knex),
    });
    expect((await second.latest('resource:default/a'))?.status).toBe('warning');
  });
});
