/**
 * Debian's Chromium as the e2e, the screenshots and the browser bench
 * launch it, and the guest sign-in every one of them starts with.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** Flags for a headless Chromium that talks to nothing but the app. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Where Chromium is: `CHROMIUM_PATH` or Debian's package. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find(p => p && existsSync(p));
  if (!found) {
    throw new Error("Chromium not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH");
  }
  return found;
}

/** Signs in as guest on the app's sign-in page. */
export async function signIn(page: Page, appUrl: string): Promise<void> {
  await page.goto(appUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('navigation').getByText('Catalog', { exact: true }).first().waitFor();
}

/** Opens an app path, signing in again when the app asks (after a backend restart). */
export async function openPath(page: Page, appUrl: string, path: string): Promise<void> {
  await page.goto(`${appUrl}${path}`);
  const enter = page.getByRole('button', { name: 'Enter' });
  const nav = page.getByRole('navigation').getByText('Catalog', { exact: true }).first();
  await Promise.race([enter.waitFor({ timeout: 90_000 }), nav.waitFor({ timeout: 90_000 })]);
  if (await enter.isVisible()) {
    await enter.click();
    await nav.waitFor();
  }
}
