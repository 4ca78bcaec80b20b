/**
 * A small site built from the render fixtures, for the build and browser tests
 * of how outputs are rendered: the real site code (site/, ec.config.mjs,
 * astro.config.mjs, linked in) over fixture pages in each state. Records come
 * from real runs (tests/fixtures/render/lab.outputs.json, written by the
 * runner on the docker tier); this module only copies them, never writes one.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The render fixtures. */
export const FIXTURES = path.join(ROOT, 'tests/fixtures/render');
/** The fixture lab page and the record a real run of it produced. */
export const FIXTURE_PAGE = path.join(FIXTURES, 'lab.mdx');
export const FIXTURE_RECORD = path.join(FIXTURES, 'lab.outputs.json');

/** The edit that makes a stale copy: step 2's command changes, so steps 2..5 no longer match the record. */
export const STALE_EDIT = { from: '\nls\n', to: '\nls -1\n' } as const;

/** The fixture pages of the site, by slug: what state each is meant to show. */
export const FIXTURE_SLUGS = {
	fresh: 'services/fresh',
	stale: 'services/stale',
	unverified: 'services/unverified',
	quote: 'services/quote',
} as const;

/** The page that quotes step 3 of the fresh page with <StepOutput>. */
function quotePage(): string {
	return [
		'---',
		'title: Quote fixture',
		'---',
		"import StepOutput from '../../site/components/StepOutput.astro';",
		'',
		'Step 3 of the fresh page, quoted:',
		'',
		`<StepOutput page="${FIXTURE_SLUGS.fresh}" step={3} />`,
		'',
	].join('\n');
}

/** Applies STALE_EDIT, failing loudly if the fixture no longer contains the text it edits. */
export function staleSource(source: string): string {
	if (!source.includes(STALE_EDIT.from)) throw new Error(`${FIXTURE_PAGE}: found no "${STALE_EDIT.from.trim()}" line to edit; expected step 2 to be \`ls\`. Update STALE_EDIT.`);
	return source.replace(STALE_EDIT.from, STALE_EDIT.to);
}

/**
 * Creates `<dir>` as an Astro project: site/, public/, astro.config.mjs and
 * ec.config.mjs linked to the real ones, and tutorials/services/ holding the
 * fresh, stale, unverified and quote pages. The fresh and stale pages get a
 * copy of the real record; without one (not yet recorded) they are left out
 * of the list `withRecord` returns false for.
 */
export async function createFixtureSite(dir: string): Promise<{ withRecord: boolean }> {
	await rm(dir, { recursive: true, force: true });
	const pages = path.join(dir, 'tutorials/services');
	await mkdir(pages, { recursive: true });
	// package.json too: Astro bundles the packages it lists (Starlight's .astro and astro: imports) only when they are listed.
	for (const name of ['site', 'scripts', 'public', 'package.json', 'astro.config.mjs', 'ec.config.mjs']) {
		await symlink(path.join(ROOT, name), path.join(dir, name));
	}
	const source = await readFile(FIXTURE_PAGE, 'utf8');
	const withRecord = existsSync(FIXTURE_RECORD);
	await writeFile(path.join(pages, 'fresh.mdx'), source.replace('title: Render fixture', 'title: Fresh fixture'));
	await writeFile(path.join(pages, 'stale.mdx'), staleSource(source).replace('title: Render fixture', 'title: Stale fixture'));
	await writeFile(path.join(pages, 'unverified.mdx'), source.replace('title: Render fixture', 'title: Unverified fixture'));
	await writeFile(path.join(pages, 'quote.mdx'), quotePage());
	if (withRecord) {
		await copyFile(FIXTURE_RECORD, path.join(pages, 'fresh.outputs.json'));
		await copyFile(FIXTURE_RECORD, path.join(pages, 'stale.outputs.json'));
	}
	return { withRecord };
}
