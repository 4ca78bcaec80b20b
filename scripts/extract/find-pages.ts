/**
 * Where the lab pages are. Its own module, free of the extractor's parsers, so
 * code that only lists pages (the site's bundle endpoint, strict mode) does not
 * load the MDX parser with it.
 */
import { readdir } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';

/** `path` relative to the project root (the cwd), with POSIX separators, as pages are named everywhere. */
export function projectPath(path: string): string {
	const rel = relative(process.cwd(), path) || path;
	return rel.split(sep).join(posix.sep);
}

/** Every page (*.mdx, *.md) under `root`, project-relative with POSIX separators, sorted. */
export async function findPages(root = 'tutorials'): Promise<string[]> {
	const entries = await readdir(root, { recursive: true, withFileTypes: true });
	return entries
		.filter((e) => e.isFile() && /\.mdx?$/.test(e.name))
		.map((e) => projectPath(join(e.parentPath, e.name)))
		.sort();
}
