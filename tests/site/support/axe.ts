import AxeBuilder from '@axe-core/playwright';
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/**
 * The rules the site must pass: every rule axe-core knows — WCAG 2.0/2.1/2.2 A
 * and AA, best practices, and the experimental and off-by-default ones such as
 * `label-content-name-mismatch` — except the WCAG AAA level (`wcag2aaa`: enhanced
 * 7:1 contrast and two others). AAA is not a conformance target any standard
 * asks of a whole site, and 7:1 would mean replacing the syntax-highlighting and
 * Starlight accent palettes; everything at level A/AA is held at zero violations.
 */
export const GATE_AXE_RULES: readonly string[] = axe
	.getRules()
	.filter((rule) => !rule.tags.includes('wcag2aaa'))
	.map((rule) => rule.ruleId);

/**
 * The gate's rules that depend on colours (tag `cat.color`: contrast, links told
 * apart from text). Only these can change between light and dark mode, so the
 * second colour scheme runs just them; the page structure is checked once.
 */
export const COLOR_AXE_RULES: readonly string[] = axe
	.getRules()
	.filter((rule) => rule.tags.includes('cat.color') && GATE_AXE_RULES.includes(rule.ruleId))
	.map((rule) => rule.ruleId);

/**
 * Runs axe-core with the given rules (default: the whole gate) on the page as it is now and returns one
 * line per violation (rule, impact, help and the offending elements), so a
 * failure reads as a to-do list.
 */
export async function axeViolations(page: Page, rules: readonly string[] = GATE_AXE_RULES): Promise<string[]> {
	// Legacy mode runs axe in the page in one call; the default mode finishes each run in a
	// fresh blank page, which costs seconds per call and buys nothing here (no cross-origin frames).
	const results = await new AxeBuilder({ page }).withRules([...rules]).options({ resultTypes: ['violations'] }).setLegacyMode(true).analyze();
	return results.violations.map((v) => {
		const where = v.nodes
			.slice(0, 5)
			.map((n) => n.target.join(' '))
			.join(' | ');
		const more = v.nodes.length > 5 ? ` (+${v.nodes.length - 5} more)` : '';
		return `${v.id} [${v.impact ?? 'n/a'}] ${v.help}: ${where}${more}`;
	});
}
