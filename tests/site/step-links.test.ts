import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, PHONE, type TestBrowser } from './support/browser.ts';
import { settle } from './support/settle.ts';
import { describeSite, urlOf } from './support/site.ts';

/**
 * Step links (`#step-N`, used by the comparison table, quoted steps and readers
 * sharing a step) must land on the step, rendered and on screen. The blocks of
 * the page content are `content-visibility: auto` (site/styles/labs.css), so the browser
 * skips laying out those far from the screen; this is what proves a jump to
 * one still works, on a desktop and on a phone.
 */
const VIEWS = [
	{ name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
	{ name: 'phone', options: PHONE },
] as const;

for (const view of VIEWS) {
	describeSite(`a #step-N link lands on its step (${view.name})`, (site) => {
		let browser: TestBrowser;
		beforeAll(async () => {
			browser = await launchBrowser(view.options);
		});
		afterAll(async () => browser?.close());

		const labPages = site.pages.filter((p) => p.source);
		it.each(labPages.map((p) => p.path))('%s: the last step, opened by its link, is on screen and drawn', async (sitePath) => {
			const page = await browser.context.newPage();
			try {
				await page.goto(urlOf(site, sitePath), { waitUntil: 'load' });
				const ids = await page.locator('figure.lab-output[id^="step-"]').evaluateAll((els) => els.map((el) => el.id));
				if (ids.length === 0) {
					// A page with no output panels must be a page with no run steps (e.g. the comparison).
					expect(await page.locator('.lab-step').count(), `${sitePath}: run steps without a #step-N panel`).toBe(0);
					return;
				}
				const last = ids.at(-1)!;
				// A fresh load with the fragment, as when a reader follows a link from another page.
				await page.goto('about:blank');
				await page.goto(`${urlOf(site, sitePath)}#${last}`, { waitUntil: 'load' });
				// Blocks near the target are drawn in the frames after load, and FragmentLanding puts the target
				// back at the top after each (within ~100 ms here); what a reader is left with is what counts.
				await settle(page);
				const where = await page.evaluate((id) => {
					const el = document.getElementById(id)!;
					const box = el.getBoundingClientRect();
					const text = el.querySelector('pre, .lab-output__body, code')?.textContent ?? el.textContent ?? '';
					return {
						top: box.top,
						height: box.height,
						viewport: window.innerHeight,
						drawn: el.checkVisibility({ contentVisibilityAuto: true }),
						text: text.trim().length,
					};
				}, last);
				expect(where.drawn, `${sitePath}#${last}: rendered (not skipped by content-visibility)`).toBe(true);
				expect(where.height, `${sitePath}#${last}: height of the step's output panel`).toBeGreaterThan(20);
				expect(where.text, `${sitePath}#${last}: characters of output text`).toBeGreaterThan(0);
				// Its top is on screen (the last step may sit low: the page cannot scroll past its end).
				expect(where.top, `${sitePath}#${last}: top of the step relative to the viewport`).toBeGreaterThanOrEqual(0);
				expect(where.top, `${sitePath}#${last}: top of the step relative to the viewport`).toBeLessThan(where.viewport - 40);
			} finally {
				await page.close();
			}
		});
	});
}
