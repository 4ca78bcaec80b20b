import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { settle } from '../../scripts/site-harness/settle.ts';
import { desktopAndPhone } from './support/desktop-and-phone.ts';
import { describeSite, urlOf } from './support/site.ts';

/** Where a #step-N target sits once the browser has scrolled to it, and how a reader sees it. */
interface Landing {
	/** The element with that id is a whole step (command + panel), not just its panel. */
	isStep: boolean;
	/** Bottom of the sticky header (Starlight's nav, and on a phone the "On this page" bar). */
	headerBottom: number;
	/** Top of the step's command frame and of its output panel, relative to the viewport. */
	commandTop: number;
	commandHeight: number;
	panelTop: number;
	viewport: number;
	/** "Step N" as the title bar shows it. */
	title: string;
	/** The target is marked: an outline the reader can see. */
	outlined: boolean;
}

/** Measures the target of the page's current #fragment, as laid out now. Runs in the browser. */
function landing(id: string): Landing {
	const el = document.getElementById(id)!;
	const header = document.querySelector('header.header') ?? document.querySelector('header');
	const toc = document.querySelector('mobile-starlight-toc nav');
	// Fixed and sticky bars only (a hidden one has no box).
	const bottoms = [header, toc].filter((e): e is Element => !!e && e.getBoundingClientRect().height > 0).map((e) => e.getBoundingClientRect().bottom);
	const style = getComputedStyle(el);
	return {
		isStep: el.classList.contains('lab-step'),
		headerBottom: Math.max(0, ...bottoms),
		commandTop: el.querySelector('.frame')?.getBoundingClientRect().top ?? Number.NaN,
		commandHeight: el.querySelector('.frame')?.getBoundingClientRect().height ?? Number.NaN,
		panelTop: el.querySelector('.lab-output')?.getBoundingClientRect().top ?? Number.NaN,
		viewport: window.innerHeight,
		title: el.querySelector('.frame .title')?.textContent ?? '',
		outlined: el.matches(':target') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1,
	};
}

/** What a reader sees after following a link to step `n` (`at`): the command, then the top of its output, on screen and marked. */
function expectLanded(at: string, n: number, where: Landing, scrollY: number, maxScroll: number): void {
	expect(where.isStep, `${at}: the #step-${n} target is the whole step (command and output)`).toBe(true);
	expect(where.title, `${at}: the step's title bar`).toMatch(new RegExp(`^Step ${n}(\\b|$)`));
	expect(where.outlined, `${at}: the target step is outlined`).toBe(true);
	// The page may be unable to scroll far enough for a step near its end: then it is scrolled to the bottom.
	const atBottom = scrollY >= maxScroll - 2;
	if (!atBottom) {
		expect(where.commandTop, `${at}: top of the command, vs the bottom of the sticky header`).toBeGreaterThanOrEqual(where.headerBottom - 1);
		expect(where.commandTop, `${at}: top of the command, vs the header (it lands right under it)`).toBeLessThan(where.headerBottom + 48);
	} else {
		expect(where.commandTop, `${at}: top of the command (page scrolled to its end)`).toBeGreaterThanOrEqual(where.headerBottom - 1);
	}
	// The badge and the first lines of the output are on screen too, unless the command alone fills the screen.
	const fits = where.headerBottom + 48 + where.commandHeight < where.viewport - 80;
	if (fits) expect(where.panelTop, `${at}: top of the output panel, vs the viewport's height ${where.viewport}`).toBeLessThan(where.viewport - 80);
	else expect(where.commandTop + where.commandHeight, `${at}: a command taller than the screen fills it`).toBeGreaterThan(where.viewport - 80);
}

async function scroll(page: Page) {
	return page.evaluate(() => ({ y: window.scrollY, max: document.documentElement.scrollHeight - window.innerHeight }));
}

/**
 * Step links (`#step-N`, used by the comparison table, misconceptions, quoted
 * steps and readers sharing a step) land on the whole step: its "Step N"
 * command under the header, the top of its output below it, the step
 * outlined. On a desktop and on a phone, by the browser's own anchor scrolling.
 */
describeSite('a #step-N link lands on its step, command first', (site) => {
	const browsers = desktopAndPhone();
	const labPages = site.pages.filter((p) => p.source);

	const cases = labPages.flatMap((p) => (['desktop', 'phone'] as const).map((view) => [p.path, view] as const));
	it.each(cases)('%s (%s): every step, reached by its fragment, shows its command and the top of its output', async (sitePath, view) => {
		const page = await browsers[view].context.newPage();
		try {
			await page.goto(urlOf(site, sitePath), { waitUntil: 'load' });
			await settle(page);
			const ids = await page.locator('[id^="step-"]').evaluateAll((els) => els.map((el) => el.id));
			const steps = await page.locator('.lab-step').count();
			expect(ids.length, `${sitePath}: #step-N targets vs run steps`).toBe(steps);
			for (const [i, id] of ids.entries()) {
				expect(id, `${sitePath}: the ${i + 1}th step's id`).toBe(`step-${i + 1}`);
				// Setting the fragment is what following an in-page link does: the browser scrolls to the target.
				await page.evaluate((hash) => (location.hash = hash), `#${id}`);
				await page.waitForFunction((hash) => location.hash === hash, `#${id}`);
				const where = await page.evaluate(landing, id);
				const { y, max } = await scroll(page);
				expectLanded(`${sitePath}#${id} (${view})`, i + 1, where, y, max);
			}
		} finally {
			await page.close();
		}
	});

	it.each(['desktop', 'phone'] as const)('every #step-N link on the site (comparison, misconceptions, quotes) opens its step (%s)', async (view) => {
		const links = new Map<string, string>();
		const page = await browsers[view].context.newPage();
		try {
			for (const p of site.pages) {
				await page.goto(urlOf(site, p.path), { waitUntil: 'load' });
				const hrefs = await page.locator('a[href*="#step-"]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
				for (const href of hrefs) if (!links.has(href)) links.set(href, p.path);
			}
			expect(links.size, 'step links found on the site').toBeGreaterThan(5);
			// Grouped by the page they open: a fresh load with the deepest step's fragment, as when a
			// reader follows a link from another page, then the page's other linked steps in turn.
			const byPage = new Map<string, { n: number; href: string; from: string }[]>();
			for (const [href, from] of links) {
				const url = new URL(href);
				const n = Number(url.hash.slice('#step-'.length));
				expect(Number.isInteger(n) && n > 0, `${href} (linked from ${from}): a step number`).toBe(true);
				const targets = byPage.get(url.pathname) ?? [];
				targets.push({ n, href, from });
				byPage.set(url.pathname, targets);
			}
			for (const targets of byPage.values()) {
				targets.sort((a, b) => b.n - a.n);
				await page.goto('about:blank');
				for (const [i, { n, href, from }] of targets.entries()) {
					if (i === 0) {
						await page.goto(href, { waitUntil: 'load' });
						await settle(page);
					} else {
						await page.evaluate((hash) => (location.hash = hash), `#step-${n}`);
						await page.waitForFunction((hash) => location.hash === hash, `#step-${n}`);
					}
					const exists = await page.evaluate((target) => document.getElementById(target) !== null, `step-${n}`);
					expect(exists, `${href} (linked from ${from}): no element with id step-${n}`).toBe(true);
					const where = await page.evaluate(landing, `step-${n}`);
					const { y, max } = await scroll(page);
					expectLanded(`${href} (from ${from}, ${view}${i === 0 ? ', fresh load' : ''})`, n, where, y, max);
				}
			}
		} finally {
			await page.close();
		}
	}, 600_000);
});
