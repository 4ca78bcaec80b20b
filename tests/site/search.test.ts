import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, type SiteBrowser } from '../../scripts/site-harness/browser.ts';
import { settle } from '../../scripts/site-harness/settle.ts';
import { describeSite, urlOf } from './support/site.ts';

/** Each Service type by the name a reader types, and the page that must come up. */
const SERVICE_TYPES = [
	{ query: 'ClusterIP', page: '/services/clusterip/' },
	{ query: 'NodePort', page: '/services/nodeport/' },
	{ query: 'LoadBalancer', page: '/services/loadbalancer/' },
	{ query: 'ExternalName', page: '/services/externalname/' },
	{ query: 'headless', page: '/services/headless/' },
] as const;

describeSite('search finds each Service type by name', (site) => {
	let browser: SiteBrowser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => browser?.close());

	for (const { query, page: expected } of SERVICE_TYPES) {
		const built = site.pages.some((p) => p.path === expected);
		// A page still being written is reported as skipped, never passed.
		it.skipIf(!built)(`"${query}" lists ${expected}${built ? '' : ' (page not in this build)'}`, async () => {
			const page = await browser.context.newPage();
			try {
				await page.goto(urlOf(site, '/'), { waitUntil: 'load' });
				// Type into the search dialog the way a reader does: open it, then type.
				await page.locator('button[data-open-modal]:not([disabled])').click();
				const input = page.locator('#starlight__search input[type="text"], #starlight__search input[type="search"]').first();
				await input.waitFor({ state: 'visible' });
				await input.fill(query);
				const results = page.locator('#starlight__search .pagefind-ui__result-link');
				await results.first().waitFor({ state: 'visible', timeout: 15_000 });
				const hrefs = await results.evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
				expect(hrefs, `results for "${query}"`).toContain(expected);
			} finally {
				await page.close();
			}
		});
	}

	it('the search UI is downloaded only when a reader goes to search, and Ctrl+K then focuses its input', async () => {
		const page = await browser.context.newPage();
		try {
			const scripts: string[] = [];
			page.on('request', (request) => {
				if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
			});
			await page.goto(urlOf(site, '/services/nodeport/'), { waitUntil: 'load' });
			await settle(page);
			// Pagefind's UI is the one big script (~94 kB); its chunk is named after its module, ui-core.
			expect(scripts.filter((s) => s.includes('ui-core')), 'search UI scripts loaded before any search').toEqual([]);
			await page.keyboard.press('Control+k');
			const input = page.locator('#starlight__search input').first();
			await input.waitFor({ state: 'visible' });
			await page.waitForFunction(() => document.activeElement?.matches('#starlight__search input'));
			expect(scripts.filter((s) => s.includes('ui-core')).length, 'search UI scripts after Ctrl+K').toBe(1);
			await page.keyboard.type('NodePort');
			await page.locator('#starlight__search .pagefind-ui__result-link').first().waitFor({ state: 'visible', timeout: 15_000 });
		} finally {
			await page.close();
		}
	});
});
