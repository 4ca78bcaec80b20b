/**
 * One extraction per page and content per process. `astro build` loads this
 * module twice (natively for the Expressive Code plugin from ec.config.mjs,
 * and bundled by Vite for components and the bundle endpoint), so a module-level
 * cache would still extract each page once per copy. The cache therefore lives
 * on globalThis under a registered symbol that every copy shares. It keeps the
 * latest result per page and image, and is reused only when the source text is
 * identical, so `astro dev` still sees an edited page at once. Errors are never
 * cached. Callers must treat the returned Lab as read-only.
 *
 * The extractor itself is loaded on the first miss only, and by the first copy
 * of this module (the native one in a build): its import specifier is not a
 * literal, so Vite does not bundle the extractor a second time (a tenth of our
 * build's bundling work), and every copy calls the one loader kept beside the
 * cache.
 */
import { k3sImage } from '../model/k3s-image.ts';
import type { Lab } from '../model/lab.ts';
import type { ExtractOptions } from './extract-lab.ts';

const SHARED = Symbol.for('k8s-services-labs.extract-cache.v3');

/** A result, or the extraction in progress, so concurrent callers (code blocks render concurrently) share one. */
type Entry = { source: string; lab: Promise<Lab | null> };

interface Shared {
	cache: Map<string, Entry>;
	/** Imports extract-lab.ts relative to the copy of this module that registered it. */
	loadExtractor: () => Promise<typeof import('./extract-lab.ts')>;
}

/** Resolved against this module's own URL, hence a variable (see above). */
const EXTRACTOR = './extract-lab.ts';

const shared: Shared = ((globalThis as typeof globalThis & { [SHARED]?: Shared })[SHARED] ??= {
	cache: new Map(),
	loadExtractor: () => import(/* @vite-ignore */ EXTRACTOR),
});

const key = (file: string, image: string) => `${file}\u0000${image}`;

/** extractLab, memoised process-wide by file, image and exact source text. */
export function extractLabShared(file: string, source: string, options: ExtractOptions = {}): Promise<Lab | null> {
	const image = options.image ?? k3sImage();
	const { cache } = shared;
	const known = cache.get(key(file, image));
	if (known && known.source === source) return known.lab;
	const lab = shared.loadExtractor().then(({ extractLab }) => extractLab(file, source, { ...options, image }));
	const entry = { source, lab };
	cache.set(key(file, image), entry);
	// Errors are not cached: the next call extracts again and reports them again.
	lab.catch(() => cache.get(key(file, image)) === entry && cache.delete(key(file, image)));
	return lab;
}
