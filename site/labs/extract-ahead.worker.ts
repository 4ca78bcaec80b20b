/**
 * Worker thread of extract-ahead.ts: extracts every page under the tutorials
 * folder with the runner's extractor and posts each result to the main thread.
 * A page that fails to extract is left out; the main thread extracts it again
 * later and reports the error with the usual file:line message.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { extractLab, findPages } from '../../scripts/extract/index.ts';
import type { ExtractedPage, ExtractAheadJob } from './extract-ahead.ts';

const { root, image } = workerData as ExtractAheadJob;
for (const page of await findPages(path.join(root, 'tutorials'))) {
	const absolute = path.resolve(page);
	const file = path.relative(root, absolute).split(path.sep).join('/');
	const source = await readFile(absolute, 'utf8');
	try {
		const message: ExtractedPage = { file, source, lab: extractLab(file, source, { image }) };
		parentPort?.postMessage(message);
	} catch {
		// Left to the main thread, which reports it properly.
	}
}
