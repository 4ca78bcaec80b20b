import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { desktopAndPhone } from './support/desktop-and-phone.ts';
import { settle } from './support/settle.ts';
import { nextFrames, showEveryBlock, skippedBlocks } from './support/show-every-block.ts';
import { describeSite, urlOf } from './support/site.ts';

/**
 * Every block of the page content is `content-visibility: auto`
 * (site/styles/labs.css): the first load lays out about one screen, not a
 * whole lab page. What a reader must not notice: anything moved (once shown,
 * each box is exactly where it is without the rule), or a link to a heading
 * landing anywhere but under the header. What they do get: on a long page, the
 * blocks far below the first screen are skipped on load (and marked, so that a
 * checker measuring inside one does not see its contents spill over the next).
 */

/** The box of every element in main, in document order (px, rounded to 0.1). */
async function boxes(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		[...document.querySelectorAll('main *')].map((el) => {
			const r = el.getBoundingClientRect();
			const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.split(/\s+/)[0]}` : ''}`;
			return `${name} ${[r.x, r.y, r.width, r.height].map((n) => Math.round(n * 10) / 10).join(',')}`;
		}),
	);
}

const LONG_LAB = '/services/headless/';

describeSite('content-visibility skips off-screen blocks and moves nothing', (site) => {
	const browsers = desktopAndPhone();

	const cases = site.pages.flatMap((p) => (['desktop', 'phone'] as const).map((view) => [p.path, view] as const));
	it.each(cases)('%s (%s): once every block is shown, every box is where it is without content-visibility', async (path, view) => {
		const page = await browsers[view].context.newPage();
		try {
			await page.goto(urlOf(site, path), { waitUntil: 'load' });
			await settle(page);
			await showEveryBlock(page);
			const shown = await boxes(page);
			await page.addStyleTag({ content: '.sl-markdown-content > * { content-visibility: visible !important; }' });
			await nextFrames(page);
			const without = await boxes(page);
			const moved = shown.flatMap((box, i) => (box === without[i] ? [] : [`${box}  →  without: ${without[i]}`]));
			expect(shown.length, `${path}: elements in main`).toBe(without.length);
			// Listed in full: the first one names the block whose margins or overflow changed.
			if (moved.length) throw new Error(`${path} (${view}): ${moved.length} box(es) differ:\n  ${moved.slice(0, 8).join('\n  ')}`);
		} finally {
			await page.close();
		}
	});

	it.each(['desktop', 'phone'] as const)(`${LONG_LAB} (%s): the blocks far below the first screen are skipped on load`, async (view) => {
		const page = await browsers[view].context.newPage();
		try {
			await page.goto(urlOf(site, LONG_LAB), { waitUntil: 'load' });
			await settle(page);
			const blocks = await page.locator('.sl-markdown-content > *').count();
			const skipped = await skippedBlocks(page);
			expect(skipped, `blocks skipped of ${blocks}`).toBeGreaterThan(blocks / 2);
			// Skipped blocks are marked, so they clip what a checker lays out inside them (SkippedBlocks.astro).
			const marked = () => page.locator('.sl-markdown-content > [data-skipped]').count();
			expect(await marked(), 'blocks marked data-skipped').toBeGreaterThanOrEqual(skipped);
			await showEveryBlock(page);
			expect(await skippedBlocks(page), 'blocks skipped once the whole page is on screen').toBe(0);
			expect(await marked(), 'blocks still marked data-skipped once drawn').toBe(0);
		} finally {
			await page.close();
		}
	});

	it.each(['desktop', 'phone'] as const)('/beyond/ingress/ (%s): a wide table far down the page is a tab stop once drawn, as it scrolls', async (view) => {
		const page = await browsers[view].context.newPage();
		try {
			await page.goto(urlOf(site, '/beyond/ingress/'), { waitUntil: 'load' });
			await settle(page);
			const tables = page.locator('.sl-markdown-content > table');
			expect(await tables.count(), 'content tables on the page').toBeGreaterThan(0);
			const states: string[] = [];
			for (const table of await tables.all()) {
				// As a reader scrolling down reaches it (scrolled to, not focused: focus would draw it by itself).
				await table.evaluate((el) => el.scrollIntoView({ block: 'center' }));
				await expect
					.poll(() => table.evaluate((el) => (el.scrollWidth > el.clientWidth) === (el.getAttribute('tabindex') === '0')), { timeout: 3000 })
					.toBe(true);
				states.push(await table.evaluate((el) => (el.scrollWidth > el.clientWidth ? 'scrolls' : 'fits')));
			}
			// The page must have a table that scrolls at this width, or the check above proved nothing.
			expect(states, 'tables that scroll sideways').toContain('scrolls');
		} finally {
			await page.close();
		}
	});

	it.each(['desktop', 'phone'] as const)(`${LONG_LAB} (%s): a link to any heading, opened fresh, lands it under the header`, async (view) => {
		const probe = await browsers[view].context.newPage();
		const ids = await probe.goto(urlOf(site, LONG_LAB)).then(() => probe.locator('.sl-markdown-content :is(h2, h3)[id]').evaluateAll((els) => els.map((el) => el.id)));
		await probe.close();
		expect(ids.length, 'headings on the page').toBeGreaterThan(5);
		const wrong: string[] = [];
		for (const id of ids) {
			const page = await browsers[view].context.newPage();
			try {
				await page.goto(`${urlOf(site, LONG_LAB)}#${id}`, { waitUntil: 'load' });
				await settle(page);
				const where = await page.evaluate((target) => {
					const root = document.documentElement;
					return {
						top: document.getElementById(target)!.getBoundingClientRect().top,
						padding: parseFloat(getComputedStyle(root).scrollPaddingTop) || 0,
						atEnd: window.scrollY + window.innerHeight >= root.scrollHeight - 1,
					};
				}, id);
				// Under the sticky header (the scroll padding), or as high as it gets at the page's end.
				const landed = Math.abs(where.top - where.padding) <= 2 || (where.atEnd && where.top > where.padding);
				if (!landed) wrong.push(`#${id}: top ${where.top.toFixed(1)} px, expected ${where.padding} px`);
			} finally {
				await page.close();
			}
		}
		expect(wrong, 'headings that landed elsewhere').toEqual([]);
	});
});
