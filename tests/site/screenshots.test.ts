import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, PHONE, type BrowserOptions, type SiteBrowser } from '../../scripts/site-harness/browser.ts';
import { pageSlug, SCREENSHOT_DIR, writeAtomic } from './support/artifacts.ts';
import { settle } from '../../scripts/site-harness/settle.ts';
import { describeSite, urlOf } from './support/site.ts';

/** The three ways the pages are looked at: a desktop in light and dark mode, and a 390 px phone. */
const VIEWS: ReadonlyArray<{ name: string; scheme: 'light' | 'dark'; options: BrowserOptions }> = [
	{ name: 'desktop-light', scheme: 'light', options: { viewport: { width: 1280, height: 800 } } },
	{ name: 'desktop-dark', scheme: 'dark', options: { viewport: { width: 1280, height: 800 } } },
	{
		name: 'phone-390',
		scheme: 'light',
		options: PHONE,
	},
];

for (const view of VIEWS) {
	describeSite(`screenshots at ${view.name} (saved to .artifacts/screenshots/)`, (site) => {
		let browser: SiteBrowser;
		beforeAll(async () => {
			browser = await launchBrowser({ ...view.options, colorScheme: view.scheme });
		});
		afterAll(async () => browser?.close());

		it.each(site.pages.map((p) => p.path))(`%s fits the width and uses the ${view.scheme} theme`, async (sitePath) => {
			const page = await browser.context.newPage();
			try {
				await page.goto(urlOf(site, sitePath), { waitUntil: 'load' });
				await settle(page);
				const shot = await page.screenshot({ fullPage: true, timeout: 120_000 });
				await writeAtomic(path.join(SCREENSHOT_DIR, `${pageSlug(sitePath)}.${view.name}.png`), shot);
				const layout = await page.evaluate(() => ({
					theme: document.documentElement.dataset.theme,
					pageWidth: document.documentElement.scrollWidth,
					viewport: window.innerWidth,
				}));
				expect(layout.theme, `${sitePath}: Starlight theme`).toBe(view.scheme);
				// Wide content (code, tables) must scroll inside its own box, never the whole page sideways.
				expect(layout.pageWidth, `${sitePath}: page width at a ${layout.viewport} px viewport`).toBeLessThanOrEqual(layout.viewport);
			} finally {
				await page.close();
			}
		});
	});
}
