/**
 * One extraction per page and content per process. `astro build` loads the
 * extractor twice (natively for the Expressive Code plugin from ec.config.mjs,
 * and bundled by Vite for components and the bundle endpoint), so a module-level
 * cache would still extract each page once per copy. The cache therefore lives
 * on globalThis under a registered symbol that every copy shares. It keeps the
 * latest result per page and image, and is reused only when the source text is
 * identical, so `astro dev` still sees an edited page at once. Errors are never
 * cached. Callers must treat the returned Lab as read-only.
 *
 * The extractor is imported on the first miss only, so a site module that
 * never meets a lab page does not load it.
 */
import { k3sImage } from '../model/k3s-image.ts';
import type { Lab } from '../model/lab.ts';
import type { ExtractOptions } from './extract-lab.ts';

const CACHE = Symbol.for('k8s-services-labs.extract-cache.v2');

/** A result, or the extraction in progress, so concurrent callers (code blocks render concurrently) share one. */
type Entry = { source: string; lab: Promise<Lab | null> };

function cache(): Map<string, Entry> {
	const holder = globalThis as typeof globalThis & { [CACHE]?: Map<string, Entry> };
	return (holder[CACHE] ??= new Map());
}

const key = (file: string, image: string) => `${file}\u0000${image}`;

/** extractLab, memoised process-wide by file, image and exact source text. */
export function extractLabShared(file: string, source: string, options: ExtractOptions = {}): Promise<Lab | null> {
	const image = options.image ?? k3sImage();
	const known = cache().get(key(file, image));
	if (known && known.source === source) return known.lab;
	const lab = import('./extract-lab.ts').then(({ extractLab }) => extractLab(file, source, { ...options, image }));
	const entry = { source, lab };
	cache().set(key(file, image), entry);
	// Errors are not cached: the next call extracts again and reports them again.
	lab.catch(() => cache().get(key(file, image)) === entry && cache().delete(key(file, image)));
	return lab;
}
