import { describe, expect, it } from 'vitest';
import { withoutFirstCodeAssets } from '../../site/expressive-code/code-assets.ts';

const LINK = '<link rel="stylesheet" href="/_astro/ec.w36nc.css"/>';
const SCRIPT = '<script type="module" src="/_astro/ec.0vx5m.js"></script>';
const GROUP = '<div class="expressive-code">';

describe('withoutFirstCodeAssets', () => {
	it('drops the stylesheet and script opening the first code block group, and nothing else', () => {
		const html = `<p>intro</p>${GROUP}${LINK}${SCRIPT}<figure>a</figure></div>${GROUP}<figure>b</figure></div>`;
		expect(withoutFirstCodeAssets(html)).toBe(`<p>intro</p>${GROUP}<figure>a</figure></div>${GROUP}<figure>b</figure></div>`);
	});

	it('finds them where the lab plugin wrapped the first group in a lab step', () => {
		const html = `<div class="lab-step" data-step="1">${LINK}${SCRIPT}${GROUP}<figure>a</figure></div></div>`;
		expect(withoutFirstCodeAssets(html)).toBe(`<div class="lab-step" data-step="1">${GROUP}<figure>a</figure></div></div>`);
	});

	it('accepts the link without a self-closing slash, and a link with no script after it', () => {
		expect(withoutFirstCodeAssets(`${GROUP}<link rel="stylesheet" href="/base/_astro/ec.a-B_1.css"><pre></pre>`)).toBe(`${GROUP}<pre></pre>`);
	});

	it('removes only the first copy, and leaves other stylesheets and HTML without code blocks alone', () => {
		const other = '<link rel="stylesheet" href="/_astro/common.x.css">';
		expect(withoutFirstCodeAssets(`${other}${LINK}${SCRIPT}<p>${LINK}</p>`)).toBe(`${other}<p>${LINK}</p>`);
		expect(withoutFirstCodeAssets('<p>no code</p>')).toBe('<p>no code</p>');
	});
});
