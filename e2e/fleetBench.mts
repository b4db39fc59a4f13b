/**
 * Browser benchmark of the fleet page at 1,000 instances, in Chromium at
 * 1440×900 against the running app (./scripts/start). The page's
 * `/api/directory/instances` calls are answered in the browser from 1,000
 * generated instances, filtered, sorted and paged as the backend does, so
 * the figures measure the page, not the poller. Prints a table; it is a
 * benchmark, not a test.
 *
 *   node e2e/fleetBench.mts [--instances 1000] [--runs 5]
 */
import { chromium, type Page, type Route } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath, openPath } from './browser.mts';

const appUrl = process.env.E2E_APP_URL ?? 'http://localhost:3000';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}
const instanceCount = flag('instances', 1000);
const runs = flag('runs', 5);

type Status = 'ok' | 'warning' | 'error' | 'unknown';
const STATUSES: Status[] = ['ok', 'warning', 'error', 'unknown'];
const SEVERITY: Record<Status, number> = { ok: 0, unknown: 1, warning: 2, error: 3 };
const CHECKS = [
  ['svid', 'SPIFFE SVID'],
  ['tls-passthrough', 'API TLS passthrough'],
  ['cronjobs', 'dir-admin CronJobs'],
  ['pvcs', 'Persistent volumes'],
  ['rollout', 'apiserver rollout'],
  ['config-drift', 'Config drift'],
  ['dns', 'Route53 DNS records'],
];

const now = Date.now();
const fleet = Array.from({ length: instanceCount }, (_, i) => {
  const failing = i % 10 === 0 ? ['tls-passthrough', 'cronjobs'] : i % 7 === 0 ? ['pvcs'] : [];
  const checks = CHECKS.map(([id, title]) => {
    let status: Status = 'ok';
    if (failing.includes(id)) status = id === 'pvcs' ? 'warning' : 'error';
    return {
      id,
      title,
      status,
      summary:
        status === 'ok'
          ? `${title} is fine`
          : `${title} failed on instance ${i}: the API host serves the ingress-nginx fake certificate instead of the SPIFFE SVID`,
    };
  });
  const status = checks.reduce<Status>((w, c) => (SEVERITY[c.status] > SEVERITY[w] ? c.status : w), 'ok');
  return {
    entityRef: `resource:default/bench-${i}`,
    title: `Bench Directory ${i}`,
    trustDomain: `td${i}.bench.test`,
    federationProfile: i % 3 ? 'https_web' : 'https_spiffe',
    cluster: `bench-eks-${i % 20}`,
    namespace: `dir-${i}`,
    owner: `group:default/team-${i % 7}`,
    status,
    checkedAt: new Date(now - 60_000).toISOString(),
    since: new Date(now - (i % 50) * 3_600_000).toISOString(),
    checks,
  };
});

/** Answers `/instances` like the backend: filters, counts, sorts, pages. */
async function answer(route: Route): Promise<void> {
  const url = new URL(route.request().url());
  const p = url.searchParams;
  const list = (name: string) => p.get(name)?.split(',').filter(Boolean);
  const terms = (p.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const [status, cluster, profile, owner] = ['status', 'cluster', 'profile', 'owner'].map(list);
  const matching = fleet.filter(
    i =>
      (!cluster || cluster.includes(i.cluster)) &&
      (!profile || profile.includes(i.federationProfile)) &&
      (!owner || owner.includes(i.owner)) &&
      terms.every(t =>
        [i.title, i.trustDomain, i.cluster, i.namespace, i.owner].join('\n').toLowerCase().includes(t),
      ),
  );
  const counts = Object.fromEntries(STATUSES.map(s => [s, matching.filter(i => i.status === s).length]));
  const filtered = status ? matching.filter(i => status.includes(i.status)) : matching;
  const sort = (p.get('sort') ?? 'status') as keyof (typeof fleet)[number];
  const dir = p.get('order') === 'desc' ? -1 : 1;
  filtered.sort((a, b) =>
    sort === 'status'
      ? dir * (SEVERITY[b.status] - SEVERITY[a.status]) || a.title.localeCompare(b.title)
      : dir * String(a[sort] ?? '').localeCompare(String(b[sort] ?? '')),
  );
  const offset = Number(Buffer.from(p.get('cursor') ?? '', 'base64url').toString().replace('o:', '')) || 0;
  const limit = Number(p.get('limit') ?? 50);
  const next = offset + limit;
  await route.fulfill({
    json: {
      items: filtered.slice(offset, next),
      totalCount: filtered.length,
      ...(next < filtered.length ? { nextCursor: Buffer.from(`o:${next}`).toString('base64url') } : {}),
      counts,
      facets: {
        cluster: [...new Set(fleet.map(i => i.cluster))].sort(),
        profile: ['https_spiffe', 'https_web'],
        owner: [...new Set(fleet.map(i => i.owner))].sort(),
      },
    },
  });
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(page: Page) {
  const firstRender: number[] = [];
  const filterChange: number[] = [];
  const fullLoad: number[] = [];
  for (let run = 0; run < runs; run++) {
    // First render: from the sidebar link to the first rows of the table.
    await openPath(page, appUrl, '/catalog');
    firstRender.push(
      await timed(async () => {
        await page.getByRole('navigation').getByText('Directory fleet').first().click();
        await page.getByTestId('directory-fleet-row-bench-0').waitFor();
      }),
    );
    // A filter change: the Error counter, to the table of errors only.
    filterChange.push(
      await timed(async () => {
        await page.getByTestId('directory-count-error').click();
        await page.waitForFunction(() => {
          const rows = [...document.querySelectorAll('[data-testid^="directory-fleet-row-"]')];
          return rows.length > 0 && rows.every(r => r.getAttribute('data-status') === 'error');
        });
      }),
    );
    // A full page load of /directory, bundle included (dev server).
    fullLoad.push(
      await timed(async () => {
        await page.goto(`${appUrl}/directory`);
        await page.getByTestId('directory-fleet-row-bench-0').waitFor({ timeout: 60_000 });
      }),
    );
  }
  return { firstRender, filterChange, fullLoad };
}

const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(60_000);
  await page.route('**/api/directory/instances**', answer);
  const { firstRender, filterChange, fullLoad } = await measure(page);
  const fmt = (values: number[]) => `${median(values).toFixed(0)} / ${Math.max(...values).toFixed(0)} ms`;
  const rows = [
    ['Fleet page first render (sidebar link to rows), median / max', fmt(firstRender), '< 1 s', Math.max(...firstRender) < 1000],
    ['Fleet page filter change (Error counter to filtered rows), median / max', fmt(filterChange), '< 1 s', Math.max(...filterChange) < 1000],
    ['Fleet page full load with the dev bundle, median / max', fmt(fullLoad), '', undefined],
  ] as const;
  const lines = [
    `# Fleet page in Chromium, ${instanceCount} instances, 1440×900, ${runs} runs`,
    '',
    '| measure | figure | target | |',
    '|---|---|---|---|',
    ...rows.map(([m, f, t, met]) => `| ${m} | ${f} | ${t} | ${met === undefined ? '' : met ? 'met' : '**falls short**'} |`),
  ];
  console.log(lines.join('\n'));
} finally {
  await browser.close();
}
