import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readLab } from '../../scripts/extract/index.ts';
import { launchBrowser, type SiteBrowser } from '../../scripts/site-harness/browser.ts';
import { expectCopiesMatchLab, walkCopies } from './support/copy-walk.ts';
import { describeSite, urlOf } from './support/site.ts';

/**
 * A follower copies a lab block by block, in page order: the namespace set-up,
 * each file (as a shell command that writes it), each step, the clean-up.
 * What the copy buttons give is exactly the extractor's lab: nothing missing,
 * nothing extra, byte for byte (tests/site/support/copy-walk.ts).
 */
describeSite('a follower who copies every block in order gets exactly the lab the runner runs', (site) => {
	let browser: SiteBrowser;
	beforeAll(async () => {
		browser = await launchBrowser({ permissions: ['clipboard-read', 'clipboard-write'] });
	});
	afterAll(async () => browser?.close());

	it.each(site.pages.filter((p) => p.source).map((p) => [p.path, p.source!] as const))('%s (%s)', async (sitePath, source) => {
		const lab = await readLab(path.join(site.root, source));
		const page = await browser.context.newPage();
		try {
			await page.goto(urlOf(site, sitePath), { waitUntil: 'load' });
			const clicked = await walkCopies(page);
			if (!lab) {
				expect(clicked, `${sitePath}: lab blocks on a plain page`).toEqual([]);
				return;
			}
			expect(clicked[0]?.block, `${sitePath}: the first block a follower copies`).toBe('setup');
			expectCopiesMatchLab(sitePath, lab, clicked);
		} finally {
			await page.close();
		}
	});
});
