/**
 * `npm run extract [-- <page>…] [--json]`: checks pages against the authoring
 * contract without a cluster, so an author sees every problem of a page (file,
 * line, found, expected, hint) in a second. Prints one line per page, or the
 * extracted labs as JSON with --json. Exits 1 when any page is bad.
 */
import { pathToFileURL } from 'node:url';
import { findPages, LabSyntaxError, readLab } from './index.ts';
import type { Lab } from '../model/lab.ts';

/** Parses arguments, extracts the pages and reports; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
	const json = argv.includes('--json');
	const unknown = argv.filter((a) => a.startsWith('-') && a !== '--json');
	if (unknown.length) {
		process.stderr.write(`extract: unknown option ${unknown.join(', ')}; expected page paths and --json\n`);
		return 2;
	}
	const given = argv.filter((a) => !a.startsWith('-'));
	const pages = given.length ? given : await findPages('tutorials');
	const labs: Lab[] = [];
	let bad = 0;
	for (const page of pages) {
		try {
			const lab = await readLab(page);
			if (lab) labs.push(lab);
			if (!json) process.stdout.write(lab ? `ok    ${lab.file}: ${lab.runs.length} run steps, ${lab.steps.length - lab.runs.length} files\n` : `plain ${page}\n`);
		} catch (error) {
			if (!(error instanceof LabSyntaxError)) throw error;
			bad += 1;
			process.stderr.write(`${error.message}\n`);
		}
	}
	if (json) process.stdout.write(`${JSON.stringify(labs, null, 2)}\n`);
	if (bad) process.stderr.write(`${bad} of ${pages.length} pages break the authoring contract\n`);
	return bad ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.exitCode = await main(process.argv.slice(2));
}
