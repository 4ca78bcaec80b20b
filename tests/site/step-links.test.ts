import { expect, it } from 'vitest';
import { settle } from '../../scripts/site-harness/settle.ts';
import { desktopAndPhone } from './support/desktop-and-phone.ts';
import { describeSite, urlOf } from './support/site.ts';

/**
 * Step links (`#step-N`, used by the comparison table, quoted steps and readers
 * sharing a step) must land on the step with its output on screen, on a
 * desktop and on a phone. The last step is the farthest jump on each page.
 */
describeSite('a #step-N link lands on its step', (site) => {
	const browsers = desktopAndPhone();

	const cases = site.pages.filter((p) => p.source).flatMap((p) => (['desktop', 'phone'] as const).map((view) => [p.path, view] as const));
	it.each(cases)('%s (%s): the last step, opened by its link, is on screen with its output', async (sitePath, view) => {
		const page = await browsers[view].context.newPage();
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
			await settle(page);
			const where = await page.evaluate((id) => {
				const el = document.getElementById(id)!;
				const text = el.querySelector('pre, .lab-output__body, code')?.textContent ?? el.textContent ?? '';
				return { top: el.getBoundingClientRect().top, height: el.getBoundingClientRect().height, viewport: window.innerHeight, text: text.trim().length };
			}, last);
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
