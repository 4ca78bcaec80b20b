/**
 * Loads a page as a lab (through the one extractor the runner uses) together
 * with its recorded outputs (through the one record reader verify uses), for
 * the site: the Expressive Code plugin, the lab summary, StepOutput, the
 * bundle endpoint and the strict build. Nothing here parses Markdown.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractLabShared } from '../../scripts/extract/shared-cache.ts';
import { k3sImage } from '../../scripts/model/k3s-image.ts';
import type { Lab } from '../../scripts/model/lab.ts';
import { findPages, projectPath, recordPathFor, TUTORIALS_DIR } from '../../scripts/model/pages.ts';
import type { LabRecord } from '../../scripts/model/record.ts';
import { parseRecord } from '../../scripts/record/read-record.ts';
import { K3S_TARGET, labViews, type StepView } from './status.ts';

/** A lab page with its record (null when there is none) and the view of each run step. */
export interface PageLab {
	lab: Lab;
	record: LabRecord | null;
	views: StepView[];
	/** Absolute path of the page. */
	absolutePath: string;
}

/** Where pages and records are resolved from; the site builds from the project root. */
export interface LoadOptions {
	/** Project root; default process.cwd() (npm scripts run there; bundled code cannot use import.meta.url). */
	root?: string;
	/** k3s image the chain hashes are computed with; default k3sImage() (LABS_K3S_IMAGE or the pinned one). */
	image?: string;
}

interface CacheEntry {
	source: string;
	recordText: string | null;
	image: string;
	/** The result, or its computation in progress: concurrent callers share one promise. */
	result: Promise<PageLab | null>;
}
/**
 * Shared by every copy of this module in the process (Astro loads it natively for the
 * Expressive Code plugin and bundled through Vite for components), so each page and
 * record is extracted and validated once per build, not once per copy.
 */
const PAGE_CACHE = Symbol.for('k8s-services-labs.page-lab-cache.v2');
const cache: Map<string, CacheEntry> = ((globalThis as typeof globalThis & { [PAGE_CACHE]?: Map<string, CacheEntry> })[PAGE_CACHE] ??= new Map());

async function buildPageLab(relative: string, absolutePath: string, source: string, recordText: string | null, image: string): Promise<PageLab | null> {
	let lab = await extractLabShared(relative, source, { image });
	if (!lab) return null;
	const record = recordText === null ? null : parseRecord(recordText, relative);
	// A record of another target (the docker tier's busybox) never ran k3s, so its hashes name its own
	// image: compare with the page hashed for that image. Its outputs are then shown as "Recorded · docker
	// (…)", never as verified on k3s; a k3s record must match the pinned image or it is stale.
	if (record && record.target !== K3S_TARGET && record.image !== image) lab = (await extractLabShared(relative, source, { image: record.image })) ?? lab;
	return { lab, record, views: labViews(lab, record), absolutePath };
}

/**
 * The lab of a page and its record, or null for a plain page (no `lab:`).
 * Re-reads both files on every call and re-extracts only when either changed,
 * so `astro dev` shows an edited page or a new record at once. Every caller
 * for the same page and content gets the same promise, so they see the same
 * PageLab object and resume in the order they asked (the Expressive Code
 * plugin matches a page's blocks to steps in document order).
 * Rejects with the extractor's LabSyntaxError for a page that breaks the
 * contract, and with the record reader's BadRecordError for a bad record.
 */
export function loadPageLab(file: string, options: LoadOptions = {}): Promise<PageLab | null> {
	const root = options.root ?? process.cwd();
	const image = options.image ?? k3sImage();
	const absolutePath = path.resolve(root, file);
	const relative = projectPath(absolutePath, root);
	let source: string;
	let recordText: string | null;
	try {
		source = readFileSync(absolutePath, 'utf8');
		const recordFile = recordPathFor(absolutePath);
		recordText = existsSync(recordFile) ? readFileSync(recordFile, 'utf8') : null;
	} catch (error) {
		return Promise.reject(error);
	}
	const cached = cache.get(absolutePath);
	if (cached && cached.source === source && cached.recordText === recordText && cached.image === image) return cached.result;
	const entry: CacheEntry = { source, recordText, image, result: buildPageLab(relative, absolutePath, source, recordText, image) };
	cache.set(absolutePath, entry);
	// Errors are not cached: the next call reads and extracts again, and reports them again.
	entry.result.catch(() => cache.get(absolutePath) === entry && cache.delete(absolutePath));
	return entry.result;
}

/** Every lab page under `<root>/tutorials` with its record, in path order (plain pages are left out): strict mode and the bundle endpoint. */
export async function pageLabs(options: LoadOptions = {}): Promise<PageLab[]> {
	const root = options.root ?? process.cwd();
	const labs: PageLab[] = [];
	for (const page of await findPages(TUTORIALS_DIR, root)) {
		const lab = await loadPageLab(page, { ...options, root });
		if (lab) labs.push(lab);
	}
	return labs;
}
