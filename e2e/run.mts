/**
 * Browser e2e against the running demo (./scripts/start), driven by
 * playwright-core and Debian's Chromium. Prints one line per test and a
 * final `N passed, N failed`; writes screenshots and logs to
 * test-artifacts/e2e/ (outside git) and counts to test-artifacts/e2e.json.
 *
 *   node e2e/run.mts               # starts the demo stack itself
 *   E2E_APP_URL=http://localhost:3000 node e2e/run.mts   # against a running one
 *   E2E_ONLY='fleet|card' node e2e/run.mts                 # only the matching tests
 */
import { chromium, type Browser } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack, type Stack } from './stack.mts';
import { directoryTests } from './directory.e2e.mts';
import { consoleTests } from './console.e2e.mts';
import { CHROMIUM_FLAGS, chromiumPath } from './browser.mts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const artifactsDir = join(repoRoot, 'test-artifacts', 'e2e');
mkdirSync(artifactsDir, { recursive: true });

async function main(): Promise<number> {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  let passed = 0;
  let failed = 0;
  try {
    const appUrl = process.env.E2E_APP_URL;
    if (!appUrl) {
      console.log('e2e: starting the demo stack (./scripts/start)…');
      stack = await startStack(repoRoot, artifactsDir);
    }
    const baseUrl = appUrl ?? stack!.appUrl;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    // The dev server serves a large bundle; on a busy machine a load takes long.
    page.setDefaultNavigationTimeout(120_000);
    // E2E_ONLY=<regex> runs the tests whose names match (after signing in).
    const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : undefined;
    const selected = [...directoryTests, ...consoleTests].filter(
      (t, i) => !only || i === 0 || only.test(t.name),
    );
    for (const test of selected) {
      const started = Date.now();
      try {
        await test.run(page, baseUrl);
        passed++;
        console.log(`  ✓ ${test.name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed++;
        console.log(`  ✗ ${test.name}\n    ${String(error).split('\n').join('\n    ')}`);
      } finally {
        const file = test.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
        await page.screenshot({ path: join(artifactsDir, `${file}.png`), fullPage: true }).catch(() => undefined);
      }
    }
  } catch (error) {
    failed++;
    console.log(`  ✗ e2e setup\n    ${String(error)}`);
  } finally {
    await browser?.close();
    await stack?.stop();
  }
  writeFileSync(join(repoRoot, 'test-artifacts', 'e2e.json'), JSON.stringify({ passed, failed }));
  console.log(`e2e: ${passed} passed, ${failed} failed (screenshots in test-artifacts/e2e/)`);
  return failed === 0 ? 0 : 1;
}

process.exit(await main());
