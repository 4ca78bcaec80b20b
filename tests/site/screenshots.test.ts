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

		it.each(site.pages.map((p) => p.path))(`%s fits the width, keeps code clear of the copy button and uses the ${view.scheme} theme`, async (sitePath) => {
			const page = await browser.context.newPage();
			try {
				await page.goto(urlOf(site, sitePath), { waitUntil: 'load' });
				await settle(page);
				// One image pixel per CSS pixel: a phone's 2x capture of a long page takes seconds to encode and shows nothing more.
				const shot = await page.screenshot({ fullPage: true, scale: 'css', timeout: 120_000 });
				await writeAtomic(path.join(SCREENSHOT_DIR, `${pageSlug(sitePath)}.${view.name}.png`), shot);
				const layout = await page.evaluate(() => ({
					theme: document.documentElement.dataset.theme,
					pageWidth: document.documentElement.scrollWidth,
					viewport: window.innerWidth,
					// Code blocks whose first line runs under the copy button (always shown on touch screens).
					underCopyButton: [...document.querySelectorAll('.expressive-code figure')].flatMap((figure, index) => {
						const button = figure.querySelector('.copy button')?.getBoundingClientRect();
						const line = figure.querySelector('.ec-line .code');
						if (!button || !line) return [];
						// The boxes of its visible words (a space where a line wraps may hang into the padding).
						const rects: DOMRect[] = [];
						const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
						for (let text = walker.nextNode(); text; text = walker.nextNode()) {
							for (const word of text.textContent!.matchAll(/\S+/g)) {
								const range = document.createRange();
								range.setStart(text, word.index);
								range.setEnd(text, word.index + word[0].length);
								rects.push(...range.getClientRects());
							}
						}
						const hidden = rects.some((r) => r.right > button.left && r.left < button.right && r.bottom > button.top && r.top < button.bottom);
						return hidden ? [`code block ${index + 1}: "${line.textContent!.slice(0, 40)}"`] : [];
					}),
				}));
				expect(layout.theme, `${sitePath}: Starlight theme`).toBe(view.scheme);
				// Wide content (code, tables) must scroll inside its own box, never the whole page sideways.
				expect(layout.pageWidth, `${sitePath}: page width at a ${layout.viewport} px viewport`).toBeLessThanOrEqual(layout.viewport);
				expect(layout.underCopyButton, `${sitePath}: first lines of code under the copy button`).toEqual([]);
			} finally {
				await page.close();
			}
		});
	});
}
