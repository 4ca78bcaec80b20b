/**
 * The Markdown parser: Satteri, the one Astro 7 renders the pages with, so the
 * extractor finds exactly the code blocks the site shows (and it parses a page
 * in about a millisecond: extraction speed is benchmarked in pages per
 * second). `.mdx` pages are MDX; `.md` pages are plain CommonMark + GFM, where
 * `<` is text, not JSX. Both read YAML frontmatter into a leading `yaml` node.
 */
import type { Code, Root } from 'mdast';
import { markdownToMdast, mdxToMdast } from 'satteri';
import { LabSyntaxError } from './errors.ts';

/** Satteri's messages start with the place: `7:1: Unexpected character …`. */
const PLACE = /^(\d+):\d+: /;

/**
 * Parses a page into an mdast tree. An MDX syntax error becomes a
 * LabSyntaxError at the line the parser reports.
 */
export function parsePage(file: string, source: string): Root {
	try {
		return (file.endsWith('.md') ? markdownToMdast(source) : mdxToMdast(source)) as Root;
	} catch (error) {
		const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
		const place = PLACE.exec(message);
		throw new LabSyntaxError({
			file,
			line: place ? Number(place[1]) : 1,
			found: `an MDX syntax error (${message.replace(PLACE, '')})`,
			expected: 'a page that MDX can parse',
			hint: 'in .mdx, `<` and `{` start JSX and expressions: escape them as \\< and \\{ in prose, or put them in code',
		});
	}
}

/** Every fenced code block of a parsed page, in document order (also inside JSX), as the renderer meets them. */
export function codeBlocks(tree: Root): Code[] {
	const out: Code[] = [];
	const walk = (node: { type: string; children?: unknown[] }) => {
		if (node.type === 'code') out.push(node as Code);
		for (const child of node.children ?? []) walk(child as { type: string; children?: unknown[] });
	};
	walk(tree);
	return out;
}
