/**
 * `npm run extract [-- <page>…] [--json]`: checks pages against the authoring
 * contract and the page rules (scripts/lint) without a cluster, so an author
 * sees every problem of a page (file, line, found, expected, hint) at once.
 * Prints one line per good page, or the extracted labs as JSON with --json.
 * Exits 1 when any page is bad.
 */
import { pathToFileURL } from 'node:url';
import { formatProblem, readPages } from '../extract/index.ts';
import { lintPages, siteIndex } from '../lint/index.ts';
import { findPages } from '../model/pages.ts';

/** Parses arguments, extracts and checks the pages and reports; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
	const json = argv.includes('--json');
	const unknown = argv.filter((a) => a.startsWith('-') && a !== '--json');
	if (unknown.length) {
		process.stderr.write(`extract: unknown option ${unknown.join(', ')}; expected page paths and --json\n`);
		return 2;
	}
	const given = argv.filter((a) => !a.startsWith('-'));
	// The site's pages: what links must reach and namespaces must not clash with, whichever pages are checked.
	const site = await readPages(await findPages().catch(() => []));
	const pages = given.length ? await readPages(given) : site;
	const index = siteIndex([...new Map([...site, ...pages].map((p) => [p.file, p])).values()]);
	const problems = await lintPages(pages.filter((p) => !p.error), index, site);
	let bad = 0;
	for (const page of pages) {
		const own = page.error ? [...page.error.problems] : problems.filter((p) => p.file === page.file);
		if (own.length) {
			bad += 1;
			process.stderr.write(`${own.map(formatProblem).join('\n')}\n`);
		} else if (!json) {
			process.stdout.write(page.lab ? `ok    ${page.file}: ${page.lab.runs.length} run steps, ${page.lab.steps.length - page.lab.runs.length} files\n` : `plain ${page.file}\n`);
		}
	}
	if (json) process.stdout.write(`${JSON.stringify(pages.flatMap((p) => (p.lab ? [p.lab] : [])), null, 2)}\n`);
	if (bad) process.stderr.write(`${bad} of ${pages.length} pages break the authoring contract\n`);
	return bad ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.exitCode = await main(process.argv.slice(2));
}
