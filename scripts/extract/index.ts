/**
 * Step 1 of the lab pipeline (extract → run → check → record): pages in,
 * Labs out. Everything other modules need from extraction is exported here.
 */
import { readFile } from 'node:fs/promises';
import type { Lab } from '../model/lab.ts';
import { findPages, projectPath } from '../model/pages.ts';
import { LabSyntaxError, type LabProblem } from './errors.ts';
import { extractLab, type ExtractOptions } from './extract-lab.ts';

export { extractLab, type ExtractOptions } from './extract-lab.ts';
export { findPages } from '../model/pages.ts';
export { LabSyntaxError, formatProblem, type LabProblem } from './errors.ts';
export { normaliseCode, EC_TAB_WIDTH } from './normalise-code.ts';
export { chainHashes, stepHash, canonicalJson, CHAIN_HASH_VERSION, type HashableStep } from './chain-hash.ts';
export { classifyFence, SHELL_LANGS, RUNNABLE_LANGS, type BlockKind } from './meta.ts';
export { commandFiles, LAB_FILE_EXTENSIONS } from './file-references.ts';

/** Reads and extracts one page; `path` may be absolute or relative to the project root (the cwd). */
export async function readLab(path: string, options?: ExtractOptions): Promise<Lab | null> {
	return extractLab(projectPath(path), await readFile(path, 'utf8'), options);
}

/** One page read by readPages: its text, and its lab (null for a plain page) or why it breaks the authoring contract. */
export interface ReadPage {
	/** Project-relative path. */
	file: string;
	source: string;
	lab: Lab | null;
	error?: LabSyntaxError;
}

/**
 * Reads and extracts each page, in the order given, keeping a page's
 * LabSyntaxError beside it instead of stopping: the one "every page → lab"
 * loop of the extract CLI, verify, extractAll and the page rules.
 */
export async function readPages(pages: readonly string[], options?: ExtractOptions): Promise<ReadPage[]> {
	const read: ReadPage[] = [];
	for (const path of pages) {
		const file = projectPath(path);
		const source = await readFile(path, 'utf8');
		try {
			read.push({ file, source, lab: extractLab(file, source, options) });
		} catch (error) {
			if (!(error instanceof LabSyntaxError)) throw error;
			read.push({ file, source, lab: null, error });
		}
	}
	return read;
}

/**
 * Extracts every page under `root` and returns the labs (plain pages are
 * left out). Problems of all pages are reported together in one LabSyntaxError.
 */
export async function extractAll(root = 'tutorials', options?: ExtractOptions): Promise<Lab[]> {
	const pages = await readPages(await findPages(root), options);
	const problems: LabProblem[] = pages.flatMap((p) => p.error?.problems ?? []);
	if (problems.length) throw new LabSyntaxError(problems);
	return pages.flatMap((p) => (p.lab ? [p.lab] : []));
}
