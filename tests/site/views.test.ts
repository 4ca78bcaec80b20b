import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, PHONE, type BrowserOptions, type SiteBrowser } from '../../scripts/site-harness/browser.ts';
import { settle } from '../../scripts/site-harness/settle.ts';
import { pageSlug, SCREENSHOT_DIR, writeAtomic } from './support/artifacts.ts';
import { axeViolations, COLOR_AXE_RULES, GATE_AXE_RULES } from './support/axe.ts';
import { describeSite, urlOf } from './support/site.ts';

/**
 * The three ways every page is looked at. Light mode gets every axe gate rule;
 * dark mode the colour rules, the only ones a theme can change. A 390 px phone
 * gets every rule again: there the page has other parts (menu button, sidebar as
 * a dialog, table of contents as a disclosure) and wide tables scroll in their boxes.
 */
const VIEWS: ReadonlyArray<{ name: string; scheme: 'light' | 'dark'; rules: readonly string[]; what: string; options: BrowserOptions }> = [
	{ name: 'desktop-light', scheme: 'light', rules: GATE_AXE_RULES, what: 'desktop, all axe rules', options: { viewport: { width: 1280, height: 800 } } },
	{ name: 'desktop-dark', scheme: 'dark', rules: COLOR_AXE_RULES, what: 'desktop, colour rules', options: { viewport: { width: 1280, height: 800 } } },
	{ name: 'phone-390', scheme: 'light', rules: GATE_AXE_RULES, what: '390 px phone, all axe rules', options: PHONE },
];

/** Code blocks whose first line runs under the copy button (always shown on touch screens). Runs in the browser. */
function codeUnderCopyButton(): string[] {
	return [...document.querySelectorAll('.expressive-code figure')].flatMap((figure, index) => {
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
	});
}

/**
 * Highlighted tokens not drawn in their theme's colour: each carries one
 * class per theme (`ec<variant>-<hex>`, site/expressive-code/token-classes.ts),
 * and the page's theme must pick the class of its own variant (Starlight's
 * themes: dark first). Runs in the browser.
 */
function tokensOffColour(variant: number): string[] {
	const probe = document.body.appendChild(document.createElement('span'));
	const rgb = (hex: string) => {
		probe.style.color = hex;
		return getComputedStyle(probe).color;
	};
	const off = [...document.querySelectorAll<HTMLElement>('.ec-line span[class^="ec"]')].flatMap((span) => {
		const cls = [...span.classList].find((c) => c.startsWith(`ec${variant}-`));
		if (!cls) return [];
		const want = rgb(`#${cls.slice(cls.indexOf('-') + 1)}`);
		const got = getComputedStyle(span).color;
		return got === want ? [] : [`"${span.textContent}" (${span.className}): ${got}, expected ${want}`];
	});
	probe.remove();
	return off.slice(0, 5);
}

/**
 * Every page in each view, loaded once: Starlight's theme follows the reader's
 * system setting, axe-core finds no violation, the page never scrolls sideways,
 * no code runs under a copy button, every token has its theme's colour, and a full-page screenshot is saved to
 * .artifacts/screenshots/ for a person to look at.
 */
for (const view of VIEWS) {
	describeSite(`every page at ${view.name}: accessible, fits the width, screenshot saved`, (site) => {
		let browser: SiteBrowser;
		beforeAll(async () => {
			browser = await launchBrowser({ ...view.options, colorScheme: view.scheme });
		});
		afterAll(async () => browser?.close());

		it.each(site.pages.map((p) => p.path))(`%s (${view.what})`, async (sitePath) => {
			const page = await browser.context.newPage();
			try {
				await page.goto(urlOf(site, sitePath), { waitUntil: 'load' });
				await settle(page);
				expect(await page.evaluate(() => document.documentElement.dataset.theme), `${sitePath}: Starlight theme`).toBe(view.scheme);
				// One image pixel per CSS pixel: a phone's 2x capture of a long page takes seconds to encode and shows nothing more.
				const shot = await page.screenshot({ fullPage: true, scale: 'css', timeout: 120_000 });
				await writeAtomic(path.join(SCREENSHOT_DIR, `${pageSlug(sitePath)}.${view.name}.png`), shot);
				const violations = await axeViolations(page, view.rules);
				// Thrown as text, not diffed: every violation is listed in full.
				if (violations.length) throw new Error(`${sitePath} (${view.name}): ${violations.length} axe violation(s):\n  ${violations.join('\n  ')}`);
				const width = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
				// Wide content (code, tables) must scroll inside its own box, never the whole page sideways.
				expect(width.page, `${sitePath}: page width at a ${width.viewport} px viewport`).toBeLessThanOrEqual(width.viewport);
				expect(await page.evaluate(codeUnderCopyButton), `${sitePath}: first lines of code under the copy button`).toEqual([]);
				expect(await page.evaluate(tokensOffColour, view.scheme === 'dark' ? 0 : 1), `${sitePath}: tokens not in the ${view.scheme} theme's colour`).toEqual([]);
			} finally {
				await page.close();
			}
		});
	});
}
