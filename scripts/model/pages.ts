/**
 * Page naming: where the pages are, what a page is called on the site and in
 * its bundle, and where its record lives. The bundle, the site, strict mode,
 * verify, the lab CLI and the page rules all name pages here, so they cannot
 * disagree about a page's slug or record. Nothing here parses a page.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, posix, relative, resolve, sep } from 'node:path';

/** The directory lab pages live in, relative to the project root. */
export const TUTORIALS_DIR = 'tutorials';

/** A page file: MDX, or plain Markdown. */
const PAGE_FILE = /\.mdx?$/;

/** The suffix that replaces a page's extension in its record's name. */
const RECORD_SUFFIX = '.outputs.json';

/** `path` (absolute, or relative to the cwd) relative to `root`, with POSIX separators, as pages are named everywhere. */
export function projectPath(path: string, root = process.cwd()): string {
	const rel = relative(root, resolve(path)) || path;
	return rel.split(sep).join(posix.sep);
}

/** Every page (*.mdx, *.md) under `dir` (resolved against `root`), relative to `root`, sorted. */
export async function findPages(dir = TUTORIALS_DIR, root = process.cwd()): Promise<string[]> {
	const entries = await readdir(resolve(root, dir), { recursive: true, withFileTypes: true });
	return entries
		.filter((e) => e.isFile() && PAGE_FILE.test(e.name))
		.map((e) => projectPath(join(e.parentPath, e.name), root))
		.sort();
}

/**
 * A page's slug: its path under `pagesDir` without the extension, lowercased,
 * the id Astro's glob loader gives the docs entry
 * (tutorials/services/clusterip.mdx → services/clusterip). A folder's
 * index.mdx is the folder's page (tutorials/services/index.mdx → services);
 * the site root keeps `index`, so its bundle still has a name.
 */
export function pageSlug(file: string, pagesDir = TUTORIALS_DIR): string {
	const path = file.replaceAll('\\', '/').replace(/^\.\//, '');
	const inside = path.startsWith(`${pagesDir}/`) ? path.slice(pagesDir.length + 1) : path;
	return inside.replace(PAGE_FILE, '').replace(/\/index$/, '').toLowerCase();
}

/** The URL path the site serves a page at: `/services/clusterip/`, and `/` for the root index. */
export function pageUrl(file: string, pagesDir = TUTORIALS_DIR): string {
	const slug = pageSlug(file, pagesDir);
	return slug === 'index' ? '/' : `/${slug}/`;
}

/**
 * The URL path of run step `number` (1-based) on its page, e.g.
 * `/services/clusterip/#step-3`: the anchor every step's panel carries, where
 * lab.sh sends a reader whose step failed.
 */
export function stepUrl(file: string, number: number, pagesDir = TUTORIALS_DIR): string {
	return `${pageUrl(file, pagesDir)}#step-${number}`;
}

/** `tutorials/a/b.mdx` → `tutorials/a/b.outputs.json`: a record lives beside its page. */
export function recordPathFor(page: string): string {
	return page.replace(PAGE_FILE, '') + RECORD_SUFFIX;
}

/** The pages a record file may belong to (the inverse of recordPathFor), `.mdx` first. */
export function pagesForRecord(recordFile: string): string[] {
	const stem = recordFile.slice(0, -RECORD_SUFFIX.length);
	return recordFile.endsWith(RECORD_SUFFIX) ? [`${stem}.mdx`, `${stem}.md`] : [];
}

/** URL path of a page's bundle on the built site (`/labs/<slug>.tar.gz`); the lab summary links to it. */
export function bundlePath(file: string): string {
	return `/labs/${pageSlug(file)}.tar.gz`;
}

/** The folder a bundle unpacks into: the slug's last segment, so `tar xf clusterip.tar.gz` gives `clusterip/`. */
export function bundleFolder(file: string): string {
	return pageSlug(file).split('/').pop() || 'lab';
}

/**
 * The page a reader or maintainer names on a command line or in
 * `<StepOutput page="…">`: a path to an .mdx/.md file (as given, or under
 * tutorials/), or a slug such as `services/clusterip`. Returns it relative to
 * `root`; throws, saying what was expected, when no such page exists.
 */
export function resolvePage(name: string, root = process.cwd()): string {
	const slug = name.replace(/^\/+|\/+$/g, '');
	const candidates = PAGE_FILE.test(name)
		? [name, join(TUTORIALS_DIR, name)]
		: [`${slug}.mdx`, `${slug}.md`, ...['.mdx', '.md', '/index.mdx', '/index.md'].map((end) => `${TUTORIALS_DIR}/${slug}${end}`)];
	const found = candidates.map((c) => resolve(root, c)).find((c) => existsSync(c));
	if (!found) {
		throw new Error(`no such page: "${name}"; expected a page path such as tutorials/services/clusterip.mdx or a slug such as services/clusterip`);
	}
	return projectPath(found, root);
}
