/**
 * One extraction per page and content per process. `astro build` loads the
 * extractor twice (natively for the Expressive Code plugin from ec.config.mjs,
 * and bundled by Vite for components and the bundle endpoint), so a module-level
 * cache would still extract each page once per copy. The cache therefore lives
 * on globalThis under a registered symbol that every copy shares. It keeps the
 * latest result per page and image, and is reused only when the source text is
 * identical, so `astro dev` still sees an edited page at once. Errors are never
 * cached. Callers must treat the returned Lab as read-only.
 */
import { k3sImage } from '../model/k3s-image.ts';
import type { Lab } from '../model/lab.ts';
import { extractLab, type ExtractOptions } from './extract-lab.ts';

const CACHE = Symbol.for('k8s-services-labs.extract-cache.v1');

type Entry = { source: string; lab: Lab | null };

function cache(): Map<string, Entry> {
	const holder = globalThis as typeof globalThis & { [CACHE]?: Map<string, Entry> };
	return (holder[CACHE] ??= new Map());
}

/** extractLab, memoised process-wide by file, image and exact source text. */
export function extractLabShared(file: string, source: string, options: ExtractOptions = {}): Lab | null {
	const image = options.image ?? k3sImage();
	const key = `${file}\u0000${image}`;
	const known = cache().get(key);
	if (known && known.source === source) return known.lab;
	const lab = extractLab(file, source, { ...options, image });
	cache().set(key, { source, lab });
	return lab;
}
