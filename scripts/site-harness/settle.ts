import type { Page } from 'playwright-core';

/**
 * Waits until a page has done everything it does without a reader: network
 * idle, then an idle callback (Starlight loads the search UI on idle), then
 * network idle again. Without the idle step, what a test or the bench sees
 * depends on timing.
 */
export async function settle(page: Page): Promise<void> {
	await page.waitForLoadState('networkidle');
	await page.evaluate(() => new Promise<void>((resolve) => (window.requestIdleCallback ?? setTimeout)(() => resolve())));
	await page.waitForLoadState('networkidle');
}
