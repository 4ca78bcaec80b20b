import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readLab } from '../../scripts/extract/index.ts';
import type { Lab } from '../../scripts/model/lab.ts';
import { namespaceSetup } from '../../scripts/model/namespace.ts';
import { launchBrowser, type SiteBrowser } from '../../scripts/site-harness/browser.ts';
import { describeSite, urlOf } from './support/site.ts';

/** Clicks a copy button as a reader does and returns what landed on the clipboard. */
async function copyFrom(page: Page, selector: string): Promise<string> {
	// Put a marker on the clipboard first, so a button that copies nothing cannot pass on stale text.
	await page.evaluate(() => navigator.clipboard.writeText('\u0000nothing copied'));
	const button = page.locator(selector);
	await button.scrollIntoViewIfNeeded();
	await button.click();
	return page.evaluate(() => navigator.clipboard.readText());
}

describeSite('copy buttons put exactly the command on the clipboard', (site) => {
	const labs = new Map<string, Lab>();
	let browser: SiteBrowser;

	beforeAll(async () => {
		browser = await launchBrowser({ permissions: ['clipboard-read', 'clipboard-write'] });
	});
	afterAll(async () => browser?.close());

	const pages = site.pages.filter((p) => p.source);
	it.each(pages.map((p) => [p.path, p.source!] as const))('%s (%s): every run step copies its command', async (sitePath, source) => {
		const lab = labs.get(source) ?? (await readLab(path.join(site.root, source)));
		if (!lab) {
			// A plain page: no run steps, so no step may be rendered as one.
			const page = await browser.context.newPage();
			await page.goto(urlOf(site, sitePath));
			expect(await page.locator('.lab-step').count(), `${sitePath}: run steps rendered on a plain page`).toBe(0);
			await page.close();
			return;
		}
		labs.set(source, lab);
		const page = await browser.context.newPage();
		try {
			await page.goto(urlOf(site, sitePath), { waitUntil: 'load' });
			expect(await page.locator('.lab-step').count(), `${sitePath}: rendered run steps vs the extractor's`).toBe(lab.runs.length);
			for (const run of lab.runs) {
				const n = run.index + 1;
				const copied = await copyFrom(page, `.lab-step[data-step="${n}"] .copy button >> nth=0`);
				expect(copied, `${sitePath} step ${n} (${source}:${run.position.line}): clipboard after clicking copy`).toBe(run.command);
			}
			const setup = page.locator('.lab-summary .copy button');
			expect(await setup.count(), `${sitePath}: copy buttons in the lab summary`).toBe(1);
			expect(await copyFrom(page, '.lab-summary .copy button'), `${sitePath}: namespace set-up copy`).toBe(
				namespaceSetup(lab.options.namespace),
			);
		} finally {
			await page.close();
		}
	});
});
