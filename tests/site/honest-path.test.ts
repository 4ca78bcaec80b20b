import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { desktopAndPhone } from './support/desktop-and-phone.ts';
import { describeSite, urlOf } from './support/site.ts';

/** Pages that state the site-wide count of verified steps. */
const COUNT_PAGES = ['/', '/start/reading/', '/reference/how-outputs-are-verified/'];

/** The smallest diagram text a reader should meet on a phone, in CSS pixels. */
const MIN_DIAGRAM_TEXT_PX = 11;

/**
 * What the site says about itself matches what its pages show: the count of
 * verified steps equals the panels marked verified on the lab pages; a moved
 * page's old address still leads to it; diagram text stays readable on a phone.
 */
describeSite('honest claims, the learning path and diagrams on a phone', (site) => {
	const browsers = desktopAndPhone();

	it('states the count of verified steps that the lab pages\' own panels add up to', async () => {
		const page = await browsers.desktop.context.newPage();
		try {
			let panels = 0;
			let verified = 0;
			for (const p of site.pages.filter((p) => p.source)) {
				await page.goto(urlOf(site, p.path), { waitUntil: 'load' });
				// The page's own steps (a step quoted from another page sits in no .lab-step).
				panels += await page.locator('.lab-step[id^="step-"] figure.lab-output').count();
				verified += await page.locator('.lab-step[id^="step-"] figure.lab-output[data-verified="true"]').count();
			}
			expect(panels, 'run steps on the site').toBeGreaterThan(50);
			for (const sitePath of COUNT_PAGES) {
				await page.goto(urlOf(site, sitePath), { waitUntil: 'load' });
				const count = page.locator('.verified-count').first();
				expect(await count.getAttribute('data-steps'), `${sitePath}: steps in the count`).toBe(String(panels));
				expect(await count.getAttribute('data-verified'), `${sitePath}: verified steps in the count`).toBe(String(verified));
				expect(await count.textContent(), sitePath).toContain(`${verified} of ${panels} steps verified on a k3s cluster in this build`);
			}
			// The per-page table adds up to the same figures.
			await page.goto(urlOf(site, '/reference/how-outputs-are-verified/'), { waitUntil: 'load' });
			const rows = await page.locator('table.verified-pages tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))));
			expect(rows.reduce((n, r) => n + r[0]!, 0), 'steps in the per-page table').toBe(panels);
			expect(rows.reduce((n, r) => n + r[1]!, 0), 'verified steps in the per-page table').toBe(verified);
		} finally {
			await page.close();
		}
	});

	it('sends the old address of the misconceptions page to its new one', async () => {
		const page = await browsers.desktop.context.newPage();
		try {
			await page.goto(urlOf(site, '/start/misconceptions/'), { waitUntil: 'load' });
			await page.waitForURL(/\/services\/misconceptions\/$/, { timeout: 10_000 });
			expect(await page.locator('h1').first().textContent()).toBe('Common misconceptions');
		} finally {
			await page.close();
		}
	});

	it('puts "What a Service is" first in the sidebar, then the reading guide, then ClusterIP', async () => {
		const page = await browsers.desktop.context.newPage();
		try {
			await page.goto(urlOf(site, '/start/what-is-a-service/'), { waitUntil: 'load' });
			const links = await page.locator('nav.sidebar a[href]').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
			const at = (p: string) => links.indexOf(p);
			expect(at('/start/what-is-a-service/'), 'sidebar links').toBe(0);
			expect(at('/start/reading/')).toBe(1);
			expect(at('/services/clusterip/')).toBe(2);
			expect(at('/services/misconceptions/'), 'misconceptions after the comparison').toBeGreaterThan(at('/services/comparison/'));
		} finally {
			await page.close();
		}
	});

	// The pages whose source inlines a diagram (site/assets/diagrams/*.svg).
	const diagramPages = site.pages.filter((p) => p.source && readFileSync(path.join(site.root, p.source), 'utf8').includes('site/assets/diagrams/')).map((p) => p.path);
	it('finds the pages with diagrams', () => {
		expect(diagramPages.length).toBeGreaterThan(5);
	});
	it.each(diagramPages)('%s: every diagram text is at least 11 px on a 390 px phone', async (sitePath) => {
		const page = await browsers.phone.context.newPage();
		try {
			await page.goto(urlOf(site, sitePath), { waitUntil: 'load' });
			const sizes = await page.locator('svg.service-diagram').evaluateAll((svgs) =>
				svgs.flatMap((svg) => {
					const s = svg as SVGSVGElement;
					const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
					return [...s.querySelectorAll('text')].map((t) => ({ text: t.textContent ?? '', px: parseFloat(getComputedStyle(t).fontSize) * scale }));
				}),
			);
			expect(sizes.length, `${sitePath}: text in its diagrams`).toBeGreaterThan(0);
			const small = sizes.filter((s) => s.px < MIN_DIAGRAM_TEXT_PX).map((s) => `"${s.text}" ${s.px.toFixed(1)} px`);
			expect(small, `${sitePath}: diagram text below ${MIN_DIAGRAM_TEXT_PX} px at 390 px`).toEqual([]);
		} finally {
			await page.close();
		}
	});
});
