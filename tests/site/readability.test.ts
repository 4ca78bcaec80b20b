import { expect, it } from 'vitest';
import { settle } from '../../scripts/site-harness/settle.ts';
import { desktopAndPhone } from './support/desktop-and-phone.ts';
import { readabilityProblems, type ReadabilityReport } from './support/readability.ts';
import { describeSite, urlOf } from './support/site.ts';

/**
 * Every line of every output panel and code block can be read, at 1280 px and
 * on a 390 px phone: nothing hidden sideways or below without a cue, every
 * wrapped line indented and marked, no command split inside a word a reader
 * types, no copy button over code, every indented line drawn at its
 * indentation (tests/site/support/readability.ts).
 */
describeSite('every line of every panel and code block is readable', (site) => {
	const browsers = desktopAndPhone();
	const cases = site.pages.flatMap((p) => (['desktop', 'phone'] as const).map((view) => [p.path, view] as const));

	it.each(cases)('%s (%s)', async (sitePath, view) => {
		const page = await browsers[view].context.newPage();
		try {
			await page.goto(urlOf(site, sitePath), { waitUntil: 'load' });
			await settle(page);
			// The function runs in the page; Vite's transform may wrap it in a naming helper the page lacks.
			const report = (await page.evaluate(`(() => { const __name = (f) => f; return (${readabilityProblems.toString()})(); })()`)) as ReadabilityReport;
			const panels = await page.locator('.lab-output__body').count();
			expect(report.panels, `${sitePath}: output panels measured`).toBe(panels);
			expect(report.problems.map((p) => `${p.kind}: ${p.where}`), `${sitePath} (${view}): lines a reader cannot read`).toEqual([]);
		} finally {
			await page.close();
		}
	});

	it('the measure fails a page laid out as before: outputs that scroll sideways, words split at hyphens, the copy button over code, wrapped rows with no marker, lines not moved in by their indentation', async () => {
		const page = await browsers.phone.context.newPage();
		try {
			await page.goto(urlOf(site, '/services/nodeport/'), { waitUntil: 'load' });
			await page.addStyleTag({
				content: [
					'.lab-output__body { white-space: pre !important; }',
					'.lab-output__body .lab-line { display: inline !important; }',
					'.expressive-code [data-whole] { white-space: inherit !important; }',
					'.expressive-code .frame .copy { inset-block-start: 3rem !important; }',
					'.expressive-code pre.wrap .ec-line .code { background: none !important; }',
					'.expressive-code pre.wrap .ec-line { padding-inline-start: 0 !important; }',
				].join('\n'),
			});
			const report = (await page.evaluate(`(() => { const __name = (f) => f; return (${readabilityProblems.toString()})(); })()`)) as ReadabilityReport;
			const kinds = new Set(report.problems.map((p) => p.kind));
			expect([...kinds].sort(), 'problems the measure finds in the old layout').toEqual(['clipped', 'copy-over-code', 'lost-indent', 'split-token', 'unmarked-wrap']);
		} finally {
			await page.close();
		}
	});

	it('in forced-colours mode (which drops background gradients) every wrapped line is still marked', async () => {
		const page = await browsers.phone.context.newPage();
		try {
			await page.emulateMedia({ forcedColors: 'active' });
			await page.goto(urlOf(site, '/services/nodeport/'), { waitUntil: 'load' });
			const report = (await page.evaluate(`(() => { const __name = (f) => f; return (${readabilityProblems.toString()})(); })()`)) as ReadabilityReport;
			expect(report.wrappedLines, 'wrapped lines measured').toBeGreaterThan(20);
			expect(report.problems.filter((p) => p.kind === 'unmarked-wrap').map((p) => p.where)).toEqual([]);
		} finally {
			await page.close();
		}
	});

	it('the measure sees wrapped lines at all (a phone wraps long commands and outputs)', async () => {
		const page = await browsers.phone.context.newPage();
		try {
			await page.goto(urlOf(site, '/services/nodeport/'), { waitUntil: 'load' });
			const report = (await page.evaluate(`(() => { const __name = (f) => f; return (${readabilityProblems.toString()})(); })()`)) as ReadabilityReport;
			expect(report.wrappedLines, 'wrapped lines measured on the NodePort page at 390 px').toBeGreaterThan(20);
		} finally {
			await page.close();
		}
	});
});
