import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** One built page, as the site tier visits it. */
export interface SitePage {
	/** URL path on the site, e.g. `/services/clusterip/` (always starts and ends with `/`). */
	path: string;
	/** The page's source relative to the project root (e.g. `tutorials/services/clusterip.mdx`), when found. */
	source?: string;
}

/** Every `<loc>` in an XML sitemap file, as URLs. */
function locs(xml: string): string[] {
	return [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

/**
 * The source file a built page came from: Starlight's docs collection is loaded
 * from tutorials/ with the slug as the path, and the home page is index.
 */
export function sourceOf(root: string, pagePath: string): string | undefined {
	const slug = pagePath.replace(/^\/|\/$/g, '') || 'index';
	for (const candidate of [`${slug}.mdx`, `${slug}.md`, `${slug}/index.mdx`, `${slug}/index.md`]) {
		const rel = `tutorials/${candidate}`;
		if (existsSync(path.join(root, rel))) return rel;
	}
	return undefined;
}

/**
 * The pages of a build, read from its sitemap (sitemap-index.xml and the
 * sitemaps it lists), so the tier covers whatever pages exist when it runs.
 * Throws, naming the file, when the build has no sitemap.
 */
export async function sitePages(distDir: string, root: string): Promise<SitePage[]> {
	const index = path.join(distDir, 'sitemap-index.xml');
	if (!existsSync(index)) {
		throw new Error(
			`${index}: no sitemap found; expected the build to write sitemap-index.xml. ` +
				'Hint: Starlight writes it only when `site` is set in astro.config.mjs.',
		);
	}
	const paths = new Set<string>();
	for (const sitemapUrl of locs(await readFile(index, 'utf8'))) {
		const file = path.join(distDir, path.basename(new URL(sitemapUrl).pathname));
		for (const url of locs(await readFile(file, 'utf8'))) {
			const p = new URL(url).pathname;
			paths.add(p.endsWith('/') ? p : `${p}/`);
		}
	}
	return [...paths].sort().map((p) => ({ path: p, source: sourceOf(root, p) }));
}
