/**
 * What a newcomer does with the demo: sign in, find a Directory instance,
 * read its card, and spot the broken one on the fleet page.
 */
import type { Page } from 'playwright-core';
import type { E2eTest } from './E2eTest.mts';

/** Reloads until `check` passes: the first poll and the search index take a moment. */
async function eventually(page: Page, check: () => Promise<void>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.waitForTimeout(5000);
      await page.reload();
    }
  }
}

async function expectVisible(page: Page, selector: string, timeout = 15_000) {
  await page.locator(selector).first().waitFor({ state: 'visible', timeout });
}

export const directoryTests: E2eTest[] = [
  {
    name: 'signs in as guest',
    async run(page, appUrl) {
      await page.goto(appUrl);
      await page.getByRole('button', { name: 'Enter' }).click();
      await page.getByRole('navigation').getByText('Catalog', { exact: true }).first().waitFor();
    },
  },
  {
    name: 'finds the example Directory instance in the catalog and opens its page',
    async run(page, appUrl) {
      await page.goto(`${appUrl}/catalog?filters%5Bkind%5D=resource&filters%5Buser%5D=all`);
      const link = page.getByRole('link', { name: 'ACME production Directory' });
      await eventually(page, () => link.first().waitFor({ timeout: 10_000 }), 120_000);
      await link.first().click();
      await page.waitForURL(/\/catalog\/default\/resource\/acme-prod-directory/);
      await page.getByText('ACME production Directory').first().waitFor();
    },
  },
  {
    name: 'finds a Directory instance through catalog search by its trust domain',
    async run(page, appUrl) {
      await eventually(page, async () => {
        await page.goto(`${appUrl}/search?query=globex.io`);
        await page.getByText('Globex production Directory').first().waitFor({ timeout: 10_000 });
      });
    },
  },
  {
    name: 'finds an instance that the catalog discovered in the cluster, by its trust domain',
    async run(page, appUrl) {
      await eventually(page, async () => {
        await page.goto(`${appUrl}/search?query=initech.dev`);
        await page.getByText('Directory initech.dev').first().waitFor({ timeout: 10_000 });
      });
    },
  },
  {
    name: 'shows the healthy instance with its federation profile and all checks ok',
    async run(page, appUrl) {
      await page.goto(`${appUrl}/catalog/default/resource/acme-prod-directory`);
      const card = page.getByTestId('directory-deployment-card');
      await card.waitFor();
      await card.getByText('https_web').first().waitFor();
      await eventually(page, async () => {
        await expectVisible(page, '[data-testid="directory-check-svid"]');
        const rows = card.locator('[data-testid^="directory-check-"][data-status]');
        const count = await rows.count();
        if (count < 5) throw new Error(`expected at least 5 checks, saw ${count}`);
        const statuses = await rows.evaluateAll(els => els.map(e => `${e.getAttribute('data-testid')}=${e.getAttribute('data-status')}`));
        const notOk = statuses.filter(s => !s.endsWith('=ok'));
        if (notOk.length > 0) throw new Error(`checks not ok: ${notOk.join(', ')}`);
      });
    },
  },
  {
    name: 'shows the broken instance with the passthrough error and its remediation',
    async run(page, appUrl) {
      await page.goto(`${appUrl}/catalog/default/resource/globex-prod-directory`);
      await eventually(page, async () => {
        const row = page.getByTestId('directory-check-tls-passthrough');
        await row.waitFor({ timeout: 10_000 });
        const status = await row.getAttribute('data-status');
        if (status !== 'error') throw new Error(`tls-passthrough is ${status}, expected error`);
        await row.getByText(/fake certificate/i).first().waitFor({ timeout: 5000 });
        await row.getByText(/enable-ssl-passthrough/).first().waitFor({ timeout: 5000 });
      });
      const cronjobs = page.getByTestId('directory-check-cronjobs');
      if ((await cronjobs.getAttribute('data-status')) !== 'error') {
        throw new Error('the dir-admin CronJob check should be in error');
      }
    },
  },
  {
    name: 'lists the broken instance first on the fleet page',
    async run(page, appUrl) {
      await page.goto(`${appUrl}/directory`);
      await eventually(page, async () => {
        const rows = page.locator('[data-testid^="directory-fleet-row-"]');
        await rows.first().waitFor({ timeout: 10_000 });
        const first = await rows.first().getAttribute('data-testid');
        if (first !== 'directory-fleet-row-globex-prod-directory') {
          throw new Error(`first row is ${first}`);
        }
      });
    },
  },
  {
    name: 'dry-runs the production template in the running backend and gets every file',
    async run() {
      const backendUrl = process.env.E2E_BACKEND_URL ?? 'http://localhost:7007';
      const refresh = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      });
      const token = ((await refresh.json()) as { backstageIdentity: { token: string } })
        .backstageIdentity.token;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const templateRes = await fetch(
        `${backendUrl}/api/catalog/entities/by-name/template/default/directory-production`,
        { headers },
      );
      if (templateRes.status !== 200) {
        throw new Error(`the catalog answered ${templateRes.status} for the production template`);
      }
      const template = await templateRes.json();
      const res = await fetch(`${backendUrl}/api/scaffolder/v2/dry-run`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          template,
          directoryContents: [],
          values: {
            name: 'initech-directory',
            environment: 'prod',
            owner: 'group:default/platform',
            trustDomain: 'dir.initech.com',
            federationProfile: 'https_web',
            federateWithPublicNetwork: true,
            baseDomain: 'dir.initech.com',
            cluster: { name: 'prod-eks-1', server: 'https://k8s.initech.com' },
            gitops: { repoUrl: 'github.com?owner=initech&repo=gitops', targetRevision: 'main', path: '.' },
          },
        }),
      });
      const body = (await res.json()) as { directoryContents?: Array<{ path: string }>; error?: { message: string } };
      if (res.status !== 200) throw new Error(`dry-run answered ${res.status}: ${body.error?.message}`);
      const paths = (body.directoryContents ?? []).map(f => f.path);
      const expected = [
        'applications/spire-crds/prod/initech-directory/config.json',
        'applications/spire/prod/initech-directory/values.yaml',
        'applications/dir/prod/initech-directory/values.yaml',
        'applications/dir-admin/prod/initech-directory/values.yaml',
        'clusters/dir/prod/initech-directory/catalog-info.yaml',
        'clusters/dir/prod/initech-directory/README.md',
      ];
      const missing = expected.filter(p => !paths.includes(p));
      if (missing.length > 0) throw new Error(`dry-run files miss ${missing.join(', ')}; got ${paths.join(', ')}`);
    },
  },
];
