/**
 * Renders a page's code blocks the way astro-expressive-code does on a
 * Markdown page (one block at a time, with the page's path and the block's
 * index in the document), but with the bare Expressive Code engine: no Astro.
 * The page is parsed with the extractor's own parser (parsePage).
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExpressiveCodeEngine } from '@expressive-code/core';
import { select, toHtml, type Element } from '@expressive-code/core/hast';
import { pluginFrames } from '@expressive-code/plugin-frames';
import { codeBlocks, parsePage } from '../../scripts/extract/parse.ts';
import { pluginLabOutputs } from '../../site/expressive-code/lab-outputs.ts';
import { HANGING_INDENT, pluginReadableLines } from '../../site/expressive-code/readable-lines.ts';

/** The render fixtures and the record a real docker-target run of lab.mdx wrote. */
export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/render');
export const FIXTURE_PAGE = path.join(FIXTURES, 'lab.mdx');
export const FIXTURE_RECORD = path.join(FIXTURES, 'lab.outputs.json');

/** One rendered code block: its fence, its HTML and its hast. */
export interface RenderedBlock {
	lang: string;
	meta: string;
	html: string;
	ast: Element;
}

/** Renders every code block of `file` in document order. `startIndex` mimics a renderer whose block counter never resets. */
export async function renderPage(file: string, options: { root: string; startIndex?: number; engine?: ExpressiveCodeEngine }): Promise<RenderedBlock[]> {
	const engine = options.engine ?? newEngine(options.root);
	const source = await readFile(file, 'utf8');
	const blocks: RenderedBlock[] = [];
	let index = options.startIndex ?? 0;
	for (const node of codeBlocks(parsePage(path.relative(options.root, file), source))) {
		const { renderedGroupAst } = await engine.render({
			code: node.value.replace(/\t/g, '  '),
			language: node.lang ?? '',
			meta: node.meta ?? '',
			parentDocument: { sourceFilePath: file, positionInDocument: { groupIndex: index++ } },
		});
		blocks.push({ lang: node.lang ?? '', meta: node.meta ?? '', html: toHtml(renderedGroupAst), ast: renderedGroupAst });
	}
	return blocks;
}

/** An engine as ec.config.mjs sets it up: frames (titles, copy button), readable lines and the lab plugin, hashing against `root`. */
export function newEngine(root: string): ExpressiveCodeEngine {
	return new ExpressiveCodeEngine({
		defaultProps: { wrap: true, preserveIndent: true, hangingIndent: HANGING_INDENT },
		plugins: [pluginFrames({ removeCommentsWhenCopyingTerminalFrames: false }), pluginReadableLines(), pluginLabOutputs({ root })],
	});
}

/**
 * A temp project with the fixture page under `name`, the page optionally
 * edited, and beside it the real record when `withRecord` (passed through
 * `editRecord` when given, e.g. breakRecord).
 */
export async function fixtureCopy(name: string, opts: { withRecord: boolean; edit?: (source: string) => string; editRecord?: (text: string) => string }): Promise<{ root: string; page: string }> {
	const root = await mkdtemp(path.join(tmpdir(), 'render-unit-'));
	const page = path.join(root, `${name}.mdx`);
	const source = await readFile(FIXTURE_PAGE, 'utf8');
	await writeFile(page, opts.edit ? opts.edit(source) : source);
	const record = path.join(root, `${name}.outputs.json`);
	if (opts.withRecord && opts.editRecord) await writeFile(record, opts.editRecord(await readFile(FIXTURE_RECORD, 'utf8')));
	else if (opts.withRecord) await copyFile(FIXTURE_RECORD, record);
	return { root, page };
}

/**
 * The fixture record, deliberately broken the way a hand edit breaks one: step 3's
 * exit code typed as a word. It stays JSON, so the reader must find the field
 * and its line (line 35 of the fixture record).
 */
export function breakRecord(text: string): string {
	const broken = text.replace('"exitCode": 3,', '"exitCode": "three",');
	if (broken === text) throw new Error('the fixture record no longer has step 3 exiting 3; adjust breakRecord');
	return broken;
}

/** The decoded text of the copy button of a rendered block (Expressive Code stores newlines as U+007F). */
export function copiedText(block: RenderedBlock): string | undefined {
	const code = select('.copy button', block.ast)?.properties.dataCode;
	return typeof code === 'string' ? code.replace(/\u007f/g, '\n') : undefined;
}
