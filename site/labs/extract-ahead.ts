/**
 * Extraction ahead of need: `astro build` spends its first seconds on one core
 * (config, content sync, type generation), while every lab page must later be
 * extracted (MDX parse, YAML, chain hashes) before its code blocks render. A
 * worker thread runs that extraction on the other core meanwhile and fills the
 * shared extraction cache, so the render finds each page already extracted.
 * Same extractor, same text, same result: a page edited after the worker read
 * it no longer matches the cache and is extracted again as before.
 */
import { Worker } from 'node:worker_threads';
import { primeShared } from '../../scripts/extract/shared-cache.ts';
import type { Lab } from '../../scripts/model/lab.ts';

/** What the worker is given. */
export interface ExtractAheadJob {
	/** Project root (absolute); pages are under `<root>/tutorials`. */
	root: string;
	/** k3s image the chain hashes are computed with (as the site's loadPageLab uses). */
	image: string;
}

/** One page the worker extracted: its project-relative path, the exact text it read, the result. */
export interface ExtractedPage {
	file: string;
	source: string;
	lab: Lab | null;
}

/** How it went: pages primed, and why the worker stopped early if it did. */
export interface ExtractAheadResult {
	primed: number;
	error?: string;
}

/**
 * Starts the worker; resolves once it is done. Never rejects: a worker that
 * cannot start (a Node without type stripping) or fails only means the pages
 * are extracted on the main thread, as without it.
 */
export function extractAhead(job: ExtractAheadJob): Promise<ExtractAheadResult> {
	return new Promise((resolve) => {
		let primed = 0;
		let error: string | undefined;
		let worker: Worker;
		try {
			// Not the parent's --input-type (a build started with `node -e`): a worker runs a file.
			const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
			worker = new Worker(new URL('./extract-ahead.worker.ts', import.meta.url), { workerData: job, execArgv });
		} catch (cause) {
			resolve({ primed, error: String(cause) });
			return;
		}
		worker.on('message', (page: ExtractedPage) => {
			primeShared(page.file, page.source, job.image, page.lab);
			primed += 1;
		});
		worker.on('error', (cause) => (error = String(cause)));
		worker.on('exit', () => resolve({ primed, error }));
	});
}
