import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, type SiteBrowser } from '../../scripts/site-harness/browser.ts';
import { describeSite, urlOf } from './support/site.ts';
import { guardOrigin, visitPage, type PageVisit } from './support/visit.ts';

describeSite('every page loads cleanly, from this server only, with working links', (site) => {
	const visits = new Map<string, PageVisit>();
	let browser: SiteBrowser;
	const foreign: string[] = [];

	beforeAll(async () => {
		browser = await launchBrowser();
		await guardOrigin(browser.context, new URL(site.url).origin, (url) => foreign.push(url));
		for (const page of site.pages) visits.set(page.path, await visitPage(browser.context, urlOf(site, page.path), foreign));
	});
	afterAll(async () => browser?.close());

	it('the sitemap lists pages', () => {
		expect(site.pages.length).toBeGreaterThan(0);
	});

	// A newcomer reads a warning box in a clean build as something they broke.
	it.skipIf(site.buildLog === undefined)('a clean build prints no warning', () => {
		expect(site.buildLog!.split('\n').filter((line) => /\bWARN|warning/i.test(line)), 'warnings in the build log').toEqual([]);
	});

	it.each(site.pages.map((p) => p.path))('%s renders with no console error and no failed request', (path) => {
		const visit = visits.get(path)!;
		expect(visit.status, `${path}: HTTP status of the page`).toBe(200);
		expect(visit.consoleErrors, `${path}: console errors`).toEqual([]);
		expect(visit.failedRequests, `${path}: failed requests`).toEqual([]);
	});

	it.each(site.pages.map((p) => p.path))('%s requests nothing from any other host', (path) => {
		expect(visits.get(path)!.foreignRequests, `${path}: requests to other hosts (blocked)`).toEqual([]);
	});

	it.each(site.pages.map((p) => p.path))('%s links each stylesheet once, before the code blocks it styles', (path) => {
		const { stylesheets, codeBeforeItsStylesheet } = visits.get(path)!;
		const repeated = stylesheets.filter((href, index) => stylesheets.indexOf(href) !== index);
		expect(repeated, `${path}: stylesheets linked more than once`).toEqual([]);
		expect(codeBeforeItsStylesheet, `${path}: code blocks before Expressive Code's stylesheet`).toEqual([]);
	});

	it.each(site.pages.map((p) => p.path))('%s: every internal link and #anchor resolves', async (path) => {
		const visit = visits.get(path)!;
		const origin = new URL(site.url).origin;
		const broken: string[] = [];
		for (const link of visit.links) {
			const target = new URL(link.href);
			if (target.origin !== origin) continue; // other sites are links only, never fetched
			let targetPath = target.pathname;
			if (!visits.has(targetPath)) {
				// Not a sitemap page (an asset, a download, a page missing its trailing slash): ask the server.
				const response = await fetch(target.origin + target.pathname, { redirect: 'follow' });
				if (!response.ok) {
					broken.push(`"${link.text}" → ${link.raw}: HTTP ${response.status}`);
					continue;
				}
				targetPath = new URL(response.url).pathname;
			}
			const hash = decodeURIComponent(target.hash.slice(1));
			if (!hash) continue;
			let anchors = visits.get(targetPath)?.anchors;
			if (!anchors) {
				const extra = await visitPage(browser.context, target.origin + targetPath, foreign);
				visits.set(targetPath, extra);
				anchors = extra.anchors;
			}
			if (!anchors.includes(hash)) broken.push(`"${link.text}" → ${link.raw}: no element with id "${hash}" on ${targetPath}`);
		}
		expect(broken, `${path}: broken internal links`).toEqual([]);
	});
});
