import { expect, it } from 'vitest';
import { ASPECTS, SERVICE_KINDS } from '../../site/data/comparison.ts';
import type { SiteBrowser } from '../../scripts/site-harness/browser.ts';
import { desktopAndPhone } from './support/desktop-and-phone.ts';
import { describeSite, urlOf } from './support/site.ts';

/**
 * The comparison is a table on wide screens and one card per Service kind on a
 * phone (site/components/ComparisonTable.astro). Exactly one of the two is shown,
 * and both carry the same claims and the same proof links.
 */
describeSite('the comparison: a table on a desktop, cards on a phone, the same claims', (site) => {
	const browsers = desktopAndPhone();

	const shown = async (browser: SiteBrowser) => {
		const page = await browser.context.newPage();
		try {
			await page.goto(urlOf(site, '/services/comparison/'), { waitUntil: 'load' });
			return await page.evaluate(() => {
				const proofs = (root: Element | null) => [...(root?.querySelectorAll('.proof a') ?? [])].map((a) => (a as HTMLAnchorElement).getAttribute('href')).sort();
				const table = document.querySelector('.comparison');
				const cards = document.querySelector('.comparison-cards');
				return {
					table: table ? getComputedStyle(table).display !== 'none' : false,
					cards: cards ? getComputedStyle(cards).display !== 'none' : false,
					cardCount: cards?.querySelectorAll('.card').length ?? 0,
					aspectsPerCard: [...(cards?.querySelectorAll('.card') ?? [])].map((c) => c.querySelectorAll('dt').length),
					tableProofs: proofs(table),
					cardProofs: proofs(cards),
				};
			});
		} finally {
			await page.close();
		}
	};

	it('a desktop shows the table, not the cards', async () => {
		const view = await shown(browsers.desktop);
		expect(view, 'what a 1280 px screen displays').toMatchObject({ table: true, cards: false });
	});

	it('a phone shows one card per Service kind with every aspect, not the table, and the same proof links', async () => {
		const view = await shown(browsers.phone);
		expect(view, 'what a 390 px phone displays').toMatchObject({ table: false, cards: true, cardCount: SERVICE_KINDS.length });
		expect(view.aspectsPerCard, 'aspects listed in each card').toEqual(SERVICE_KINDS.map(() => ASPECTS.length));
		expect(view.cardProofs.length, 'proof links in the cards').toBeGreaterThan(0);
		expect(view.cardProofs, 'proof links: cards vs table').toEqual(view.tableProofs);
	});
});
