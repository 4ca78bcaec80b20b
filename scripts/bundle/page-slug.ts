/**
 * A page's slug is how the site and the bundle endpoint name it: the path under
 * tutorials/ without the extension, the same id Astro's glob loader gives the
 * docs entry (tutorials/services/clusterip.mdx → services/clusterip).
 */

/** The directory lab pages live in, relative to the project root. */
export const TUTORIALS_DIR = 'tutorials';

/**
 * Slug of a page path (relative to the project root or to tutorials/).
 * Kept beside the bundle so `/labs/<slug>.tar.gz` and the page URL `/<slug>/` always agree.
 */
export function pageSlug(file: string): string {
	const posix = file.replaceAll('\\', '/').replace(/^\.\//, '');
	const inside = posix.startsWith(`${TUTORIALS_DIR}/`) ? posix.slice(TUTORIALS_DIR.length + 1) : posix;
	// A folder's index.mdx is the folder's page, as in Starlight; the site root keeps "index" so its bundle has a name.
	return inside.replace(/\.(mdx|md)$/, '').replace(/\/index$/, '');
}

/** The folder a bundle unpacks into: the page's last slug segment, so `tar xzf clusterip.tar.gz` gives `clusterip/`. */
export function bundleFolder(file: string): string {
	const slug = pageSlug(file);
	return slug.split('/').pop() || 'lab';
}

/** URL path of a page's bundle on the built site; the lab summary links to it. */
export function bundlePath(file: string): string {
	return `/labs/${pageSlug(file)}.tar.gz`;
}
