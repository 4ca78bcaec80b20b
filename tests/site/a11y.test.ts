import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations, COLOR_AXE_RULES, GATE_AXE_RULES } from './support/axe.ts';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { settle } from './support/settle.ts';
import { describeSite, urlOf } from './support/site.ts';

/** Light mode gets every gate rule; dark mode the colour rules, the only ones a theme can change. */
const SCHEMES = [
	{ scheme: 'light', rules: GATE_AXE_RULES, what: 'all rules' },
	{ scheme: 'dark', rules: COLOR_AXE_RULES, what: 'colour rules' },
] as const;

describeSite('axe-core finds no accessibility violation, light and dark', (site) => {
	let browser: TestBrowser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => browser?.close());

	const cases = site.pages.flatMap((p) => SCHEMES.map((s) => [p.path, s.scheme, s.what, s.rules] as const));
	it.each(cases)('%s in %s mode (%s)', async (path, scheme, _what, rules) => {
		const page = await browser.context.newPage();
		try {
			// Starlight's default theme follows the reader's system setting.
			await page.emulateMedia({ colorScheme: scheme });
			await page.goto(urlOf(site, path), { waitUntil: 'load' });
			await settle(page);
			expect(await page.evaluate(() => document.documentElement.dataset.theme), 'Starlight theme in use').toBe(scheme);
			const violations = await axeViolations(page, rules);
			// Thrown as text, not diffed: every violation is listed in full.
			if (violations.length) throw new Error(`${path} (${scheme}): ${violations.length} axe violation(s):\n  ${violations.join('\n  ')}`);
		} finally {
			await page.close();
		}
	});
});
