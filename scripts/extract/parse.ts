/**
 * The Markdown parser: Satteri, the one Astro 7 renders the pages with, so the
 * extractor finds exactly the code blocks the site shows (and it parses a page
 * in about a millisecond: extraction speed is benchmarked in pages per
 * second). `.mdx` pages are MDX; `.md` pages are plain CommonMark + GFM, where
 * `<` is text, not JSX. Both read YAML frontmatter into a leading `yaml` node.
 */
import type { Code, Root } from 'mdast';
import { markdownToMdast, mdxToMdast } from 'satteri';
import { LabSyntaxError, type LabProblem } from './errors.ts';

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

/** A line that would open (or close) a fence: up to three spaces, then three or more backticks or tildes. */
const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/;

/** A closing fence line as the source holds it: container prefixes (`>`, list indentation), the fence, trailing blanks. */
const CLOSING_FENCE = /^[ \t>]*(`{3,}|~{3,})[ \t\r]*$/;

/** A problem in a block's fences; the caller adds the file. */
export type FenceProblem = Omit<LabProblem, 'file'>;

/**
 * Checks a fenced code block against the page text. A fence that is never
 * closed takes in the rest of the page (or of its list item or quote), and a
 * line that was meant to close or open a fence but cannot (```text expect)
 * makes the next blocks part of this one: either way commands would run that
 * nobody sees as a command. The parser accepts both, so the source is read at
 * the node's end.
 *
 * @param body whether the block's text is run, written or matched (run, file
 *   and expect blocks): such a block may not hold a line that opens a fence,
 *   unless its own fence is longer than three characters, the way Markdown
 *   nests fences on purpose
 * @returns no problem for an indented (unfenced) code block or a sound fence
 */
export function fenceProblems(source: string, node: Code, body: boolean): FenceProblem[] {
	const start = node.position?.start;
	const end = node.position?.end;
	if (!start || !end || start.offset === undefined || end.offset === undefined) return [];
	const eol = source.indexOf('\n', start.offset);
	const opening = /^(`{3,}|~{3,})(.*)/.exec(source.slice(start.offset, eol === -1 ? undefined : eol));
	if (!opening) return [];
	const fence = opening[1]!;
	const shown = `${fence}${opening[2]!.trimEnd()}`;
	const before = source.slice(0, end.offset);
	const lastLine = before.slice(before.lastIndexOf('\n') + 1);
	const closing = CLOSING_FENCE.exec(lastLine)?.[1];
	if (end.line === start.line || !closing || closing[0] !== fence[0] || closing.length < fence.length) {
		const through = before.endsWith('\n') ? end.line - 1 : end.line;
		return [
			{
				line: start.line,
				found: `${shown}, a fence that is never closed (the block takes in every line up to line ${through}${end.offset >= source.trimEnd().length ? ', the end of the page' : ''})`,
				expected: `a line holding only ${fence} to close the block`,
				hint: `add ${fence} on its own line where the block ends; a fence line with text after it (${fence}text expect) opens a block, it does not close one`,
			},
		];
	}
	if (!body || fence.length > 3) return [];
	const lines = node.value.split('\n');
	const inner = lines.findIndex((l) => FENCE_LINE.test(l));
	if (inner === -1) return [];
	return [
		{
			line: start.line + 1 + inner,
			found: `a fence line (${lines[inner]!.trim()}) inside the ${shown} block that opens at line ${start.line}`,
			expected: `${fence} on its own line to close that block before the next one opens`,
			hint: `only a bare fence line (same character, at least as long, nothing after it) closes a block, so this line and the ones after it up to the next bare ${fence} became part of the block above: close it first. To show fences inside a block on purpose, open the block with a longer fence (${fence[0]!.repeat(4)})`,
		},
	];
}
