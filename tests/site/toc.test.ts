import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, PHONE, type TestBrowser } from './support/browser.ts';
import { describeSite, urlOf } from './support/site.ts';

/**
 * Starlight's two tables of contents each start only at the widths where they
 * are shown (site/labs/defer-element.ts). What a reader notices: the one on
 * screen follows the section being read; after a resize the other one works as
 * well; without a start-up, the hidden one costs nothing.
 */
const PAGE = '/services/nodeport/';
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 390, height: 844 };

interface TocState {
	/** Started tables of contents: 'wide' (starlight-toc), 'phone' (mobile-starlight-toc). */
	started: string[];
	/** Links marked current in each started one. */
	current: string[];
}

async function tocState(page: Page): Promise<TocState> {
	return page.evaluate(() => {
		const wide = document.querySelector('starlight-toc:not(mobile-starlight-toc)');
		const phone = document.querySelector('mobile-starlight-toc');
		return {
			started: [wide && 'wide', phone && 'phone'].filter((x): x is string => !!x),
			current: [...document.querySelectorAll(':is(starlight-toc, mobile-starlight-toc) a[aria-current="true"]')].map((a) => a.textContent!.trim()),
		};
	});
}

/** Scrolls a middle h2 of the page to the top and returns its text: the section the reader is now in. */
async function readMiddleSection(page: Page): Promise<string> {
	const headings = page.locator('.sl-markdown-content h2');
	const heading = headings.nth(Math.floor((await headings.count()) / 2));
	await heading.evaluate((h) => h.scrollIntoView({ block: 'start' }));
	await page.waitForTimeout(300); // IntersectionObserver callbacks arrive on the next frames
	return (await heading.textContent())!.trim();
}

for (const view of [{ name: 'phone', options: PHONE, shown: 'phone', other: 'wide', resizeTo: WIDE }, { name: 'desktop', options: { viewport: WIDE }, shown: 'wide', other: 'phone', resizeTo: NARROW }] as const) {
	describeSite(`the table of contents on screen follows the reader (${view.name})`, (site) => {
		let browser: TestBrowser;
		beforeAll(async () => {
			browser = await launchBrowser(view.options);
		});
		afterAll(async () => browser?.close());

		it(`starts only the ${view.shown} table of contents, which marks the section being read`, async () => {
			const page = await browser.context.newPage();
			try {
				await page.goto(urlOf(site, PAGE), { waitUntil: 'load' });
				await page.waitForFunction(() => document.querySelectorAll('starlight-toc, mobile-starlight-toc').length > 0);
				const section = await readMiddleSection(page);
				await expect.poll(() => tocState(page)).toEqual({ started: [view.shown], current: [section] });
			} finally {
				await page.close();
			}
		});

		it(`starts the ${view.other} one too once the window is resized to show it`, async () => {
			const page = await browser.context.newPage();
			try {
				await page.goto(urlOf(site, PAGE), { waitUntil: 'load' });
				await page.setViewportSize(view.resizeTo);
				await expect.poll(async () => (await tocState(page)).started.sort()).toEqual(['phone', 'wide']);
				const section = await readMiddleSection(page);
				await expect.poll(() => tocState(page).then((s) => s.current)).toEqual([section, section]);
			} finally {
				await page.close();
			}
		});
	});
}
