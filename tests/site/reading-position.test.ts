import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { settle } from '../../scripts/site-harness/settle.ts';
import { desktopAndPhone } from './support/desktop-and-phone.ts';
import { describeSite, urlOf } from './support/site.ts';

/**
 * A reader of a long lab page keeps their place as on any Starlight page: the
 * page is as tall when it loads as once read to the end (the scrollbar means
 * what it shows), a reload or a trip back puts the heading they were reading
 * where it was, a link to a heading lands it under the header, and every
 * block's text is in the page from the start (find-in-page, copying all).
 */
const LONG_LAB = '/services/headless/';

/** Waits two frames: what scrolled into view is laid out and drawn. */
async function nextFrames(page: Page): Promise<void> {
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Scrolls down screen by screen, as a reader reads, until `stop` says so (or the page ends). */
async function readDown(page: Page, stop: () => Promise<boolean> = async () => false): Promise<void> {
	for (let step = 0; step < 100 && !(await stop()); step++) {
		const moved = await page.evaluate(() => {
			const before = window.scrollY;
			window.scrollBy(0, window.innerHeight * 0.9);
			return window.scrollY !== before;
		});
		await nextFrames(page);
		if (!moved) return;
	}
}

/** Reads from the top down to the middle h2 of the page, leaves it a little below the header, and returns its text and top (px). */
async function readToMiddleHeading(page: Page): Promise<{ text: string; top: number }> {
	const middle = page.locator('.sl-markdown-content h2').nth(Math.floor((await page.locator('.sl-markdown-content h2').count()) / 2));
	await readDown(page, async () => (await middle.evaluate((h) => h.getBoundingClientRect().top)) < 400);
	return middle.evaluate((h) => {
		h.scrollIntoView({ block: 'start' });
		window.scrollBy(0, -120);
		return { text: h.textContent!.trim(), top: h.getBoundingClientRect().top };
	});
}

/** Where the h2 with this text is now (px from the viewport top). */
async function topOf(page: Page, text: string): Promise<number> {
	return page.evaluate((t) => [...document.querySelectorAll('.sl-markdown-content h2')].find((h) => h.textContent!.trim() === t)!.getBoundingClientRect().top, text);
}

describeSite(`a reader keeps their place on a long page (${LONG_LAB})`, (site) => {
	const browsers = desktopAndPhone();

	it('(phone) the page is as tall at load as once scrolled to its end', async () => {
		const page = await browsers.phone.context.newPage();
		try {
			await page.goto(urlOf(site, LONG_LAB), { waitUntil: 'load' });
			await settle(page);
			const atLoad = await page.evaluate(() => document.documentElement.scrollHeight);
			expect(atLoad, 'page height at 390 px').toBeGreaterThan(5 * 844);
			await readDown(page);
			expect(await page.evaluate(() => document.documentElement.scrollHeight), 'page height once read to the end').toBe(atLoad);
		} finally {
			await page.close();
		}
	});

	it.each(['phone', 'desktop'] as const)('(%s) reloaded mid-way, the heading being read is where it was', async (view) => {
		const page = await browsers[view].context.newPage();
		try {
			await page.goto(urlOf(site, LONG_LAB), { waitUntil: 'load' });
			await settle(page);
			const before = await readToMiddleHeading(page);
			await page.reload({ waitUntil: 'load' });
			await settle(page);
			expect(Math.abs((await topOf(page, before.text)) - before.top), `"${before.text}": px moved by the reload`).toBeLessThanOrEqual(2);
		} finally {
			await page.close();
		}
	});

	it('(phone) back from another page, the heading being read is where it was', async () => {
		const page = await browsers.phone.context.newPage();
		try {
			await page.goto(urlOf(site, LONG_LAB), { waitUntil: 'load' });
			await settle(page);
			const before = await readToMiddleHeading(page);
			await page.goto(urlOf(site, '/services/comparison/'), { waitUntil: 'load' });
			await page.goBack({ waitUntil: 'load' });
			await settle(page);
			expect(Math.abs((await topOf(page, before.text)) - before.top), `"${before.text}": px moved by going back`).toBeLessThanOrEqual(2);
		} finally {
			await page.close();
		}
	});

	it.each(['phone', 'desktop'] as const)('(%s) a link to any heading, opened fresh, lands it under the header', async (view) => {
		const probe = await browsers[view].context.newPage();
		await probe.goto(urlOf(site, LONG_LAB));
		const ids = await probe.locator('.sl-markdown-content :is(h2, h3)[id]').evaluateAll((els) => els.map((el) => el.id));
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

	it('(phone) the text of the last step is in the page as it loads, for find-in-page and copy-all', async () => {
		const page = await browsers.phone.context.newPage();
		try {
			await page.goto(urlOf(site, LONG_LAB), { waitUntil: 'load' });
			const found = await page.evaluate(() => {
				const panels = document.querySelectorAll('figure.lab-output');
				const last = panels[panels.length - 1]?.querySelector('.lab-output__body')?.textContent?.trim().split('\n').at(-1)?.trim() ?? '';
				return { last, inText: last.length > 0 && document.body.innerText.includes(last) };
			});
			expect(found.last, 'last line of the last step output').not.toBe('');
			expect(found.inText, `"${found.last}" in document.body.innerText at load`).toBe(true);
		} finally {
			await page.close();
		}
	});
});
