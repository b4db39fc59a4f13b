import type { Page } from 'playwright-core';

/** One e2e test: a name and a body that gets a signed-in page. */
export interface E2eTest {
  name: string;
  run(page: Page, appUrl: string): Promise<void>;
}
