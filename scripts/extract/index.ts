/**
 * Step 1 of the lab pipeline (extract → run → check → record): pages in,
 * Labs out. Everything other modules need from extraction is exported here.
 */
import { readFile } from 'node:fs/promises';
import type { Lab } from '../model/lab.ts';
import { LabSyntaxError, type LabProblem } from './errors.ts';
import { extractLab, type ExtractOptions } from './extract-lab.ts';
import { findPages, projectPath } from './find-pages.ts';

export { extractLab, type ExtractOptions } from './extract-lab.ts';
export { findPages } from './find-pages.ts';
export { LabSyntaxError, formatProblem, type LabProblem } from './errors.ts';
export { normaliseCode, EC_TAB_WIDTH } from './normalise-code.ts';
export { chainHashes, stepHash, canonicalJson, CHAIN_HASH_VERSION, type HashableStep } from './chain-hash.ts';
export { classifyFence, SHELL_LANGS, RUNNABLE_LANGS, RUN_DEFAULTS, type BlockKind } from './meta.ts';
export { LabOptionsSchema, DEFAULT_K3S_ARGS, DEFAULT_LAB_TIMEOUT } from './frontmatter.ts';
export { commandFiles, LAB_FILE_EXTENSIONS } from './file-references.ts';

/** Reads and extracts one page; `path` may be absolute or relative to the project root (the cwd). */
export async function readLab(path: string, options?: ExtractOptions): Promise<Lab | null> {
	return extractLab(projectPath(path), await readFile(path, 'utf8'), options);
}

/**
 * Extracts every page under `root` and returns the labs (plain pages are
 * left out). Problems of all pages are reported together in one LabSyntaxError.
 */
export async function extractAll(root = 'tutorials', options?: ExtractOptions): Promise<Lab[]> {
	const labs: Lab[] = [];
	const problems: LabProblem[] = [];
	for (const page of await findPages(root)) {
		try {
			const lab = await readLab(page, options);
			if (lab) labs.push(lab);
		} catch (error) {
			if (error instanceof LabSyntaxError) problems.push(...error.problems);
			else throw error;
		}
	}
	if (problems.length) throw new LabSyntaxError(problems);
	return labs;
}
