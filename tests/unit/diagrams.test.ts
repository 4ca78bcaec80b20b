/**
 * The traffic-flow diagrams (site/assets/diagrams/*.svg) are read by screen
 * readers and shown in light and dark mode, so each must name itself (role,
 * title, description), keep its ids unique on the page that inlines it, and
 * take every colour from the theme instead of a fixed value. A page must use it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';

const DIR = 'site/assets/diagrams';
const files = readdirSync(DIR).filter((f) => f.endsWith('.svg')).sort();

/** Every page source under tutorials/, to find which page imports a diagram. */
function pageSources(dir = 'tutorials'): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return pageSources(path);
		return /\.mdx?$/.test(entry.name) ? [readFileSync(path, 'utf8')] : [];
	});
}

/** Parses an SVG, failing with the parser's message instead of a partial tree. */
function parse(file: string): Element {
	const errors: string[] = [];
	const doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) }).parseFromString(
		readFileSync(join(DIR, file), 'utf8'),
		'image/svg+xml',
	);
	if (errors.length) throw new Error(`${DIR}/${file}: not well-formed XML: ${errors.join('; ')}`);
	return doc.documentElement!;
}

function all(root: Element): Element[] {
	const out: Element[] = [];
	const visit = (el: Element) => {
		out.push(el);
		for (let i = 0; i < el.childNodes.length; i++) {
			const child = el.childNodes[i]!;
			if (child.nodeType === 1) visit(child as Element);
		}
	};
	visit(root);
	return out;
}

/** Paint values that follow the theme: none, currentColor, transparent, or a CSS variable (with any fallback). */
const THEMED = /^(none|currentColor|transparent|inherit|url\(#[\w-]+\)|var\(--[\w-]+(,.*)?\))$/;

/** Fixed paint a diagram sets, as "element attribute=value", for the error message. */
function fixedPaint(root: Element): string[] {
	const found: string[] = [];
	for (const el of all(root)) {
		for (const name of ['fill', 'stroke', 'color', 'stop-color']) {
			const value = el.getAttribute(name);
			if (value !== null && !THEMED.test(value.trim())) found.push(`<${el.tagName}> ${name}="${value}"`);
		}
		for (const decl of (el.getAttribute('style') ?? '').split(';')) {
			const [prop, ...rest] = decl.split(':');
			const value = rest.join(':').trim();
			if (prop && ['fill', 'stroke', 'color', 'stop-color'].includes(prop.trim()) && !THEMED.test(value)) {
				found.push(`<${el.tagName}> style ${prop.trim()}:${value}`);
			}
		}
	}
	return found;
}

describe('traffic-flow diagrams', () => {
	it('exist', () => {
		expect(files.length).toBeGreaterThan(0);
	});

	const pages = pageSources();

	describe.each(files)('%s', (file) => {
		const name = basename(file, '.svg');

		it('is an image named by its own title and description', () => {
			const root = parse(file);
			expect(root.tagName, `${DIR}/${file}: root element`).toBe('svg');
			expect(root.getAttribute('role'), `${DIR}/${file}: role on <svg>; add role="img"`).toBe('img');
			const ids = (root.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
			const labels = ids.map((id) => all(root).find((el) => el.getAttribute('id') === id));
			expect(
				labels.map((el) => el?.tagName),
				`${DIR}/${file}: aria-labelledby="${ids.join(' ')}" should name a <title> and a <desc> inside the SVG`,
			).toEqual(['title', 'desc']);
			expect(labels[0]!.textContent?.trim().length, `${DIR}/${file}: empty <title>`).toBeGreaterThan(10);
			expect(labels[1]!.textContent?.trim().length, `${DIR}/${file}: <desc> should tell the whole flow in words`).toBeGreaterThan(80);
		});

		it(`keeps its ids unique on the page by starting them with "${name}-"`, () => {
			const root = parse(file);
			const bad = all(root)
				.map((el) => el.getAttribute('id'))
				.filter((id): id is string => !!id && !id.startsWith(`${name}-`));
			expect(bad, `${DIR}/${file}: ids an inlined SVG could share with another on the same page; prefix them with "${name}-"`).toEqual([]);
		});

		it('takes every colour from the theme (legible in light and dark mode)', () => {
			expect(fixedPaint(parse(file)), `${DIR}/${file}: use currentColor or var(--sl-color-…) instead`).toEqual([]);
		});

		it('is used by a page', () => {
			const imported = pages.some((source) => source.includes(`site/assets/diagrams/${file}`));
			expect(imported, `${DIR}/${file}: no page under tutorials/ imports it`).toBe(true);
		});
	});

	it('a fixed colour is caught (the rule can fail)', () => {
		const doc = new DOMParser().parseFromString(
			'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="#000"/><text style="fill:var(--sl-color-white,currentColor)"/><path style="stroke: red"/></svg>',
			'image/svg+xml',
		);
		expect(fixedPaint(doc.documentElement!)).toEqual(['<rect> fill="#000"', '<path> style stroke:red']);
	});
});
