/**
 * The operator console as a newcomer meets it at 1440×900: the home page,
 * a card that puts problems first, the fleet page with its query in the URL,
 * the template form that catches mistakes while you type, and a discovered
 * instance.
 */
import type { Page } from 'playwright-core';
import type { E2eTest } from './E2eTest.mts';
import { openPath } from './browser.mts';

/** Retries `check`, reloading in between: polls and discovery take a moment. */
async function eventually(page: Page, check: () => Promise<void>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.waitForTimeout(4000);
      await page.reload();
      const enter = page.getByRole('button', { name: 'Enter' });
      if (await enter.isVisible().catch(() => false)) await enter.click();
    }
  }
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** Whether an element is inside the first screen at 1440×900. */
async function aboveTheFold(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  return box !== null && box.y + Math.min(box.height, 40) <= 900;
}

const GLOBEX = '/catalog/default/resource/globex-prod-directory';

export const consoleTests: E2eTest[] = [
  {
    name: 'home: / shows the fleet summary and the failing instance with its failing checks',
    async run(page, appUrl) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openPath(page, appUrl, '/');
      await page.getByTestId('app-logo').getByText('Directory Ops').waitFor();
      expect((await page.title()).includes('Directory Ops'), `title is ${await page.title()}`);
      await eventually(page, async () => {
        await page.getByTestId('directory-home').waitFor({ timeout: 10_000 });
        const errors = await page.getByTestId('directory-home-count-error').innerText();
        expect(/\b1\b/.test(errors), `error counter says ${errors}`);
        const globex = page.getByTestId('directory-home-failing-globex-prod-directory');
        await globex.waitFor({ timeout: 5000 });
        const text = await globex.innerText();
        expect(/API TLS passthrough/.test(text) && /dir-admin CronJobs/.test(text), `failing checks: ${text}`);
      });
    },
  },
  {
    name: 'card: what fails, since when and what to do, without scrolling at 1440×900',
    async run(page, appUrl) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openPath(page, appUrl, GLOBEX);
      await eventually(page, async () => {
        const count = page.getByTestId('directory-failing-count');
        await count.waitFor({ timeout: 10_000 });
        const text = await count.innerText();
        expect(/^\d+ of \d+ checks failing$/.test(text), `header says "${text}"`);
        const since = await page.getByTestId('directory-status-since').innerText();
        expect(/Error since .*\(.*\)/.test(since), `status line says "${since}"`);
      });
      for (const selector of [
        '[data-testid="directory-failing-count"]',
        '[data-testid="directory-status-since"]',
        '[data-testid="directory-check-tls-passthrough"]',
        '[data-testid="directory-remediation-tls-passthrough"]',
      ]) {
        expect(await aboveTheFold(page, selector), `${selector} is below the fold`);
      }
      // Failing checks come first and open; the facts are folded.
      const first = await page.locator('[data-testid^="directory-check-"][data-status]').first();
      expect((await first.getAttribute('data-status')) === 'error', 'the first check is not failing');
      expect((await first.getAttribute('open')) !== null, 'the first failing check is folded');
      const facts = page.getByTestId('directory-deployment-facts');
      expect((await facts.getAttribute('open')) === null, 'deployment facts are open');
      // Commands are copyable code.
      const commands = page.getByTestId('directory-remediation-command');
      expect((await commands.count()) > 0, 'no remediation command');
      await page.getByRole('button', { name: /^Copy / }).first().waitFor();
      // Details the API returns show on expand: the certificate it got.
      await page.getByTestId('directory-check-tls-passthrough').getByText('Details', { exact: true }).click();
      const details = await page.getByTestId('directory-check-details-tls-passthrough').innerText();
      expect(/ingress\.local/i.test(details), `passthrough details: ${details}`);
      // A timeline strip per check, with a 7-day window on request.
      await page.getByTestId('directory-timeline-tls-passthrough').waitFor();
      await page.getByTestId('directory-history-window').getByRole('button', { name: '7 days' }).click();
      await page.getByTestId('directory-timeline-tls-passthrough').waitFor();
      // The dns check is off: it says why and how to turn it on.
      const off = await page.getByTestId('directory-check-off-dns').innerText();
      expect(/agntcy\.org\/route53-hosted-zone-id/.test(off), `dns off note: ${off}`);
      // Relative times carry the absolute time and zone on hover.
      const title = await page.getByTestId('directory-status-since').locator('time').first().getAttribute('title');
      expect(Boolean(title && /\d/.test(title)), `no absolute time on hover: ${title}`);
      // The gRPC API host is no link.
      await facts.locator('summary').click();
      await page.getByTestId('directory-host-api').waitFor();
      expect((await page.getByRole('link', { name: 'api.globex.io' }).count()) === 0, 'api.globex.io is a link');
    },
  },
  {
    name: 'card: refresh shows progress, then the result',
    async run(page, appUrl) {
      await openPath(page, appUrl, GLOBEX);
      const button = page.getByRole('button', { name: 'Refresh now' });
      await button.waitFor();
      await button.click();
      await page.getByTestId('directory-refresh-result').waitFor({ timeout: 60_000 });
      const text = await page.getByTestId('directory-refresh-result').innerText();
      expect(/Checked just now: \d+ of \d+ checks failing/.test(text), `refresh result: ${text}`);
    },
  },
  {
    name: 'fleet: filters in the URL, every failing check in full, no ok message on a healthy row',
    async run(page, appUrl) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openPath(page, appUrl, '/directory?status=error&q=globex');
      await eventually(page, async () => {
        await page.getByTestId('directory-fleet-row-globex-prod-directory').waitFor({ timeout: 10_000 });
      });
      const rows = page.locator('[data-testid^="directory-fleet-row-"]');
      expect((await rows.count()) === 1, `expected only Globex, saw ${await rows.count()} rows`);
      const globex = page.getByTestId('directory-fleet-row-globex-prod-directory');
      await globex.getByTestId('directory-fleet-failing-tls-passthrough').waitFor();
      await globex.getByTestId('directory-fleet-failing-cronjobs').waitFor();
      // Wrapped, not cut: no cell's text overflows its box.
      const clipped = await page.locator('[data-testid="directory-fleet-table"] td').evaluateAll(cells =>
        cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent),
      );
      expect(clipped.length === 0, `clipped cells: ${clipped.join(' | ')}`);
      const counter = await page.getByTestId('directory-count-error').innerText();
      expect(/Error 1/.test(counter), `error counter: ${counter}`);

      // The healthy one shows no "worst check" ok message.
      await openPath(page, appUrl, '/directory?q=acme');
      const acme = page.getByTestId('directory-fleet-row-acme-prod-directory');
      await acme.waitFor();
      const acmeText = await acme.innerText();
      expect(!/holds a valid|presents the SPIFFE/.test(acmeText), `healthy row shows: ${acmeText}`);
    },
  },
  {
    name: 'fleet: search, sort and view change the URL; reload keeps them; empty state names the filter',
    async run(page, appUrl) {
      await openPath(page, appUrl, '/directory');
      await page.locator('[data-testid^="directory-fleet-row-"]').first().waitFor();
      await page.getByTestId('directory-fleet-search').fill('initech');
      await page.waitForURL(/q=initech/);
      await page.getByTestId('directory-fleet-row-dir-dir-initech-argoapp-simulated-eks-3').waitFor();
      await page.getByTestId('directory-sort-trustDomain').click();
      await page.waitForURL(/sort=trustDomain/);
      await page.reload();
      expect((await page.getByTestId('directory-fleet-search').inputValue()) === 'initech', 'search lost on reload');
      await page.getByTestId('directory-fleet-discovered').first().waitFor();
      await page.getByTestId('directory-view-grid').click();
      await page.waitForURL(/view=grid/);
      await page.getByTestId('directory-fleet-grid').waitFor();
      await openPath(page, appUrl, '/directory?q=no-such-instance&status=warning');
      const empty = await page.getByTestId('directory-fleet-empty').innerText();
      expect(/status Warning/.test(empty) && /no-such-instance/.test(empty), `empty state: ${empty}`);
    },
  },
  {
    name: 'fleet: refreshes itself without losing scroll or selection',
    async run(page, appUrl) {
      await page.setViewportSize({ width: 1440, height: 500 });
      await openPath(page, appUrl, '/directory');
      const box = page.getByRole('checkbox', { name: /^Select Globex/ });
      await box.waitFor();
      await box.check();
      await page.mouse.wheel(0, 300);
      await page.waitForTimeout(500);
      const scrolled = await page.evaluate(() => {
        const main = document.querySelector('main') ?? document.scrollingElement;
        return (main?.scrollTop ?? 0) + window.scrollY;
      });
      const requests: string[] = [];
      page.on('request', r => {
        if (r.url().includes('/api/directory/instances')) requests.push(r.url());
      });
      await page.waitForTimeout(17_000);
      expect(requests.length > 0, 'the page did not reload itself within 17 s');
      expect(await box.isChecked(), 'selection lost after the reload');
      const after = await page.evaluate(() => {
        const main = document.querySelector('main') ?? document.scrollingElement;
        return (main?.scrollTop ?? 0) + window.scrollY;
      });
      expect(after === scrolled, `scroll moved from ${scrolled} to ${after}`);
      await page.setViewportSize({ width: 1440, height: 900 });
    },
  },
  {
    name: 'discovered: short title, "discovered, not in Git" mark and how to register',
    async run(page, appUrl) {
      await openPath(page, appUrl, '/catalog/default/resource/dir-dir-initech-argoapp-simulated-eks-3');
      await eventually(page, async () => {
        await page.getByTestId('directory-discovered').waitFor({ timeout: 10_000 });
      });
      await page.getByTestId('directory-discovered').locator('summary').click();
      await page.getByTestId('directory-discovered').getByText(/catalog-info\.yaml/).waitFor();
      await page.getByRole('heading', { name: 'Directory initech.dev', exact: true }).first().waitFor();
    },
  },
  {
    name: 'template: errors clear once valid, a taken trust domain is refused before Next, help renders',
    async run(page, appUrl) {
      const warnings: string[] = [];
      page.on('console', m => {
        if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
      });
      await openPath(page, appUrl, '/create/templates/default/directory-production');
      // Help texts keep their angle brackets (markdown, not HTML).
      await page.getByText(/<environment>/).first().waitFor();
      await page.getByLabel(/Instance name/).first().fill('acme-two');
      const owner = page.getByLabel(/Owner/).first();
      await owner.click();
      await owner.fill('platform');
      const option = page.getByRole('option', { name: /platform/i }).first();
      if (await option.isVisible({ timeout: 5000 }).catch(() => false)) await option.click();
      else await owner.press('Tab');
      await page.getByRole('button', { name: 'Next' }).click();
      const field = page.getByTestId('directory-trust-domain-picker');
      const input = field.locator('input');
      await input.waitFor();
      await input.fill('Example.org:443');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText(/must not include a port/).first().waitFor();
      await input.fill('dir.acme.com');
      await page.waitForTimeout(800);
      // No message on the field itself (the form's summary at the top lists
      // the last Next press until the next one).
      const stale = await page.getByText(/^Trust domain must not include a port|^Trust domain must be lowercase/).count();
      expect(stale === 0, `${stale} stale error message(s) on the field after the value became valid`);
      expect((await input.getAttribute('aria-invalid')) !== 'true', 'the field stays red after the value became valid');
      await input.fill('acme.com');
      await page.getByText(/already used by ACME production Directory/).first().waitFor({ timeout: 10_000 });
      await page.getByRole('button', { name: 'Next' }).click();
      await page.waitForTimeout(1500);
      expect(await input.isVisible(), 'Next accepted a taken trust domain');
      const enumNames = warnings.filter(w => /enumNames/.test(w));
      expect(enumNames.length === 0, `${enumNames.length} enumNames warnings`);
    },
  },
  {
    name: 'template: the DNS step refuses a base domain whose hosts are taken in (simulated) Route53',
    async run() {
      const backendUrl = process.env.E2E_BACKEND_URL ?? 'http://localhost:7007';
      const refresh = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      });
      const token = ((await refresh.json()) as { backstageIdentity: { token: string } }).backstageIdentity.token;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const template = await (
        await fetch(`${backendUrl}/api/catalog/entities/by-name/template/default/directory-production`, { headers })
      ).json();
      const res = await fetch(`${backendUrl}/api/scaffolder/v2/dry-run`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          template,
          directoryContents: [],
          values: {
            name: 'acme-two',
            environment: 'prod',
            owner: 'group:default/platform',
            trustDomain: 'two.acme.com',
            federationProfile: 'https_web',
            baseDomain: 'acme.com',
            cluster: { name: 'prod-eks-1', server: 'https://k8s.acme.com' },
            gitops: { repoUrl: 'github.com?owner=acme&repo=gitops', targetRevision: 'main', path: '.' },
          },
        }),
      });
      const text = await res.text();
      expect(/already exist in zone ZSIMULATEDACME/.test(text), `the DNS step did not refuse acme.com: ${text.slice(0, 400)}`);
    },
  },
];
