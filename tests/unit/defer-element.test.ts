import { describe, expect, it } from 'vitest';
import { deferElement } from '../../site/labs/defer-element.ts';

describe('deferElement', () => {
	it('renames the root custom element, keeping its attributes, content and what follows it', () => {
		const html = '\n<starlight-toc data-min-h="2"><nav><a href="#a">A</a></nav></starlight-toc><script type="module" src="/t.js"></script>';
		expect(deferElement(html, 'starlight-toc', '(min-width: 72rem)')).toBe(
			'\n<deferred-element data-defer-as="starlight-toc" data-defer-media="(min-width: 72rem)" data-min-h="2"><nav><a href="#a">A</a></nav></deferred-element><script type="module" src="/t.js"></script>',
		);
	});

	it('does not take a longer tag name with the same start for the element', () => {
		expect(() => deferElement('<starlight-toc-x></starlight-toc-x>', 'starlight-toc', 'all')).toThrow(/expected the HTML to start with <starlight-toc>/);
	});

	it('leaves an empty slot (a page without a table of contents) empty', () => {
		expect(deferElement('  ', 'starlight-toc', 'all')).toBe('  ');
	});

	it('names what it found when Starlight renders something else', () => {
		expect(() => deferElement('<div class="toc"></div>', 'mobile-starlight-toc', 'all')).toThrow(/<mobile-starlight-toc>.*found: "<div class=\\"toc\\"><\/div>"/);
	});
});
