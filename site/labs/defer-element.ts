/**
 * Starlight renders two tables of contents on every page, one for wide screens
 * and one for phones, and CSS hides one of them. Both still start up: each runs
 * a document-wide `querySelectorAll` with `:has()` and an IntersectionObserver
 * (~70 ms at Lighthouse's 4× CPU on a long lab page), the hidden one for
 * nothing. The table of contents overrides rename the root element so the
 * browser leaves it inert, and `<deferred-element>` (deferred-element.ts)
 * gives it its real name once its media query matches. Without JavaScript the
 * links are plain links, as they were.
 */

/** Tag name of the stand-in element. */
export const DEFERRED_TAG = 'deferred-element';

/**
 * Renames the custom element at the root of `html` (`<name …>…</name>`) to
 * `<deferred-element data-defer-as="name" data-defer-media="…">`, keeping its
 * attributes and content. Empty HTML (a page without a table of contents)
 * stays empty. Throws if the root is not `name`: Starlight changed its markup
 * and the override must be looked at again.
 */
export function deferElement(html: string, name: string, media: string): string {
	if (!html.trim()) return html;
	const open = new RegExp(`^(\\s*)<${name}(?=[\\s>])`);
	const close = `</${name}>`;
	const end = html.lastIndexOf(close);
	if (!open.test(html) || end < 0) {
		throw new Error(`deferElement: expected the HTML to start with <${name}> and contain </${name}>, found: ${JSON.stringify(html.slice(0, 80))}`);
	}
	const attributes = ` data-defer-as="${name}" data-defer-media="${media.replace(/"/g, '&quot;')}"`;
	return (
		html.slice(0, end).replace(open, `$1<${DEFERRED_TAG}${attributes}`) +
		`</${DEFERRED_TAG}>` +
		html.slice(end + close.length)
	);
}
