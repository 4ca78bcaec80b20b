/**
 * The Markdown parsers, built once per process (extraction speed is
 * benchmarked in pages per second). `.mdx` pages get remark-mdx; `.md` pages
 * are plain CommonMark, where `<` is text, not JSX.
 */
import type { Code, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { LabSyntaxError } from './errors.ts';

const mdx = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkMdx).freeze();
const md = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();

/**
 * Parses a page into an mdast tree. An MDX syntax error becomes a
 * LabSyntaxError at the line the MDX parser reports.
 */
export function parsePage(file: string, source: string): Root {
	const processor = file.endsWith('.md') ? md : mdx;
	try {
		return processor.parse(source);
	} catch (error) {
		const e = error as { line?: number; reason?: string; message?: string };
		throw new LabSyntaxError({
			file,
			line: e.line ?? 1,
			found: `an MDX syntax error (${(e.reason ?? e.message ?? String(error)).split('\n')[0]})`,
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
