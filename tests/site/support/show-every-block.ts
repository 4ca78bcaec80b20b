import type { Page } from 'playwright-core';

/** Waits two frames: the browser decides which blocks are near the screen, then draws them. */
export async function nextFrames(page: Page): Promise<void> {
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * How many blocks of the page content the browser is skipping now (their
 * contents not styled, laid out or drawn). Blocks without a child element
 * (a paragraph of plain text) cannot be told apart and are not counted.
 */
export async function skippedBlocks(page: Page): Promise<number> {
	return page.evaluate(() => {
		const unrendered = new Set(['title', 'desc', 'metadata', 'script', 'style', 'template']);
		return [...document.querySelectorAll('.sl-markdown-content > *')].filter((block) => {
			if (getComputedStyle(block).display === 'none') return false;
			// A shown child of a block is hidden from view only while the block's contents are skipped.
			const inner = [...block.children].find((child) => !unrendered.has(child.localName) && getComputedStyle(child).display !== 'none');
			return inner !== undefined && !inner.checkVisibility({ contentVisibilityAuto: true });
		}).length;
	});
}

/**
 * Blocks of the page content have `content-visibility: auto`
 * (site/styles/labs.css): until a block comes near the screen, the browser
 * neither styles nor lays out its contents, and its height is an estimate.
 * A check of the whole page (every box, the page width, a full-page
 * screenshot, axe) must see each block as a reader sees it on reaching it, so
 * this grows the viewport to the page's full height until every block is
 * shown and the height stops changing. The viewport stays grown: call it
 * last, before the whole-page check.
 */
export async function showEveryBlock(page: Page): Promise<void> {
	const original = page.viewportSize();
	if (!original) throw new Error('showEveryBlock: the page has no fixed viewport to grow');
	let height = original.height;
	for (let round = 0; round < 20; round++) {
		await nextFrames(page);
		const state = { skipped: await skippedBlocks(page), scrollHeight: await page.evaluate(() => document.documentElement.scrollHeight) };
		if (state.skipped === 0 && state.scrollHeight <= height) return;
		height = Math.max(height, state.scrollHeight);
		await page.setViewportSize({ width: original.width, height });
	}
	throw new Error(`showEveryBlock: ${page.url()}: blocks were still skipped, or the page height still changing, after 20 rounds (viewport height ${height} px)`);
}
