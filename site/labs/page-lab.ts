/**
 * Loads a page as a lab (through the one extractor the runner uses) together
 * with its recorded outputs, for the site: the Expressive Code plugin, the lab
 * summary, StepOutput and the strict build. Nothing here parses Markdown.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractLabShared } from '../../scripts/extract/shared-cache.ts';
import { k3sImage } from '../../scripts/model/k3s-image.ts';
import type { Lab } from '../../scripts/model/lab.ts';
import { LabRecordSchema, RECORD_SCHEMA_VERSION, type LabRecord } from '../../scripts/model/record.ts';
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

/** The folder the lab pages live in, relative to the project root. */
export const TUTORIALS_DIR = 'tutorials';

/** `tutorials/a/b.mdx` → `tutorials/a/b.outputs.json`: a record lives beside its page. */
export function recordPathFor(pagePath: string): string {
	return pagePath.replace(/\.mdx?$/, '') + '.outputs.json';
}

/** Reads and validates a record; null when there is none or it has an older schema (then every step is unverified). */
export function readRecord(recordFile: string, displayName: string): LabRecord | null {
	if (!existsSync(recordFile)) return null;
	const text = readFileSync(recordFile, 'utf8');
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw new Error(
			`${displayName}: found a file that is not JSON (${(error as Error).message}); expected an outputs record written by the runner.\n` +
				'  hint: records are never edited by hand; delete it and re-run the lab with `npm run verify`.',
			{ cause: error },
		);
	}
	const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
	if (version !== RECORD_SCHEMA_VERSION) return null;
	const parsed = LabRecordSchema.safeParse(json);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new Error(
			`${displayName}: found an invalid record (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'schema mismatch'}); expected the schema of scripts/model/record.ts v${RECORD_SCHEMA_VERSION}.\n` +
				'  hint: records are never edited by hand; delete it and re-run the lab with `npm run verify`.',
		);
	}
	return parsed.data;
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

async function buildPageLab(relative: string, absolutePath: string, source: string, image: string): Promise<PageLab | null> {
	let lab = await extractLabShared(relative, source, { image });
	if (!lab) return null;
	const record = readRecord(recordPathFor(absolutePath), recordPathFor(relative));
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
 * Rejects with the extractor's LabSyntaxError for a page that breaks the contract.
 */
export function loadPageLab(file: string, options: LoadOptions = {}): Promise<PageLab | null> {
	const root = options.root ?? process.cwd();
	const image = options.image ?? k3sImage();
	const absolutePath = path.resolve(root, file);
	const relative = path.relative(root, absolutePath).split(path.sep).join('/');
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
	const entry: CacheEntry = { source, recordText, image, result: buildPageLab(relative, absolutePath, source, image) };
	cache.set(absolutePath, entry);
	// Errors are not cached: the next call reads and extracts again, and reports them again.
	entry.result.catch(() => cache.get(absolutePath) === entry && cache.delete(absolutePath));
	return entry.result;
}

/**
 * The page of a slug as used in URLs and in `<StepOutput page="services/clusterip">`:
 * tutorials/services/clusterip.mdx (or .md). Throws naming both paths tried.
 */
export function pageFileForSlug(slug: string, root: string = process.cwd()): string {
	const clean = slug.replace(/^\/+|\/+$/g, '');
	const tried = [`${TUTORIALS_DIR}/${clean}.mdx`, `${TUTORIALS_DIR}/${clean}.md`, `${TUTORIALS_DIR}/${clean}/index.mdx`];
	const found = tried.find((candidate) => existsSync(path.resolve(root, candidate)));
	if (!found) throw new Error(`page "${slug}": found no page file; expected one of ${tried.join(', ')}.\n  hint: use the page's URL path without slashes, e.g. "services/clusterip".`);
	return found;
}

/** `tutorials/services/clusterip.mdx` → `services/clusterip` (the URL path and the bundle name). */
export function slugForPage(pagePath: string): string {
	return pagePath
		.replace(new RegExp(`^${TUTORIALS_DIR}/`), '')
		.replace(/\.mdx?$/, '')
		.replace(/(^|\/)index$/, '');
}
