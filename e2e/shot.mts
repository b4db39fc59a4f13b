/**
 * Screenshots of the running demo at 1440×900, for looking at a screen by
 * hand: `node e2e/shot.mts /directory out.png [/catalog/... out2.png]`.
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath, openPath } from './browser.mts';

const appUrl = process.env.E2E_APP_URL ?? 'http://localhost:3000';
const pairs = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  for (let i = 0; i < pairs.length; i += 2) {
    await openPath(page, appUrl, pairs[i]);
    await page.waitForTimeout(Number(process.env.SHOT_WAIT_MS ?? 4000));
    await page.screenshot({ path: pairs[i + 1] });
    console.log(`${pairs[i]} -> ${pairs[i + 1]}`);
  }
} finally {
  await browser.close();
}
