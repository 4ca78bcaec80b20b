import { expect, it } from 'vitest';
import { axeViolations, COLOR_AXE_RULES, GATE_AXE_RULES } from './support/axe.ts';
import { desktopAndPhone } from './support/desktop-and-phone.ts';
import { settle } from '../../scripts/site-harness/settle.ts';
import { describeSite, urlOf } from './support/site.ts';

/**
 * Light mode gets every gate rule; dark mode the colour rules, the only ones a
 * theme can change. A 390 px phone gets every rule again: there the page has
 * other parts (menu button, sidebar as a dialog, table of contents as a
 * disclosure) and wide tables and code scroll inside their boxes.
 */
const VIEWS = [
	{ scheme: 'light', rules: GATE_AXE_RULES, what: 'desktop, all rules', phone: false },
	{ scheme: 'dark', rules: COLOR_AXE_RULES, what: 'desktop, colour rules', phone: false },
	{ scheme: 'light', rules: GATE_AXE_RULES, what: '390 px phone, all rules', phone: true },
] as const;

describeSite('axe-core finds no accessibility violation: light, dark and phone', (site) => {
	const browsers = desktopAndPhone();

	const cases = site.pages.flatMap((p) => VIEWS.map((v) => [p.path, v.scheme, v.what, v.rules, v.phone] as const));
	it.each(cases)('%s in %s mode (%s)', async (path, scheme, _what, rules, onPhone) => {
		const page = await (onPhone ? browsers.phone : browsers.desktop).context.newPage();
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
