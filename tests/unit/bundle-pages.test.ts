/**
 * The bundles the site serves, for the real pages in tutorials/: each one's
 * lab.sh runs the set-up, exactly the page's steps and the clean-up (parsed back from the script and
 * compared with the extractor's Lab) and carries the page's files byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { GET, getStaticPaths } from '../../site/pages/labs/[...slug].tar.gz.ts';
import { readPages } from '../../scripts/extract/index.ts';
import { bundleFolder, findPages, pageSlug } from '../../scripts/model/pages.ts';
import { namespaceSetup, namespaceTeardown } from '../../scripts/model/namespace.ts';
import { parseScript, readTarGz } from './bundle-support.ts';

// Extracting every page is slow on a loaded machine: do it once, outside the per-test timeout.
// Pages that break the contract are the extractor tests' business, not this one's.
const labs = (await readPages(await findPages())).flatMap((p) => (p.lab ? [p.lab] : []));
const paths = await getStaticPaths();

describe('bundle endpoint /labs/<slug>.tar.gz', () => {
	it('offers one bundle per lab page, named by the page slug', async () => {
		expect(paths.map((p) => p.params.slug).sort()).toEqual(labs.map((lab) => pageSlug(lab.file)).sort());
	});

	it.skipIf(labs.length === 0)('serves a gzip whose lab.sh runs exactly each page’s steps, with its files byte for byte', async () => {
		for (const { props } of paths) {
			const response = await GET({ props } as Parameters<typeof GET>[0]);
			expect(response.headers.get('Content-Type')).toBe('application/gzip');
			const entries = await readTarGz(new Uint8Array(await response.arrayBuffer()));
			const lab = props.lab;
			const folder = bundleFolder(lab.file);
			const script = entries.find((e) => e.name === `${folder}/lab.sh`);
			expect(script, `${lab.file}: lab.sh`).toBeDefined();
			const all = parseScript(script!.content.toString('utf8'));
			expect(all.find((s) => s.label === 'Clean-up')?.command, lab.file).toBe(namespaceTeardown(lab.options.namespace));
			const steps = all.filter((s) => s.label !== 'Clean-up');
			expect(steps[0]?.command, lab.file).toBe(namespaceSetup(lab.options.namespace));
			expect(steps.slice(1).map((s) => s.command), lab.file).toEqual(lab.runs.map((r) => r.command));
			expect(steps.slice(1).map((s) => s.exit), lab.file).toEqual(lab.runs.map((r) => r.options.exit));
			for (const step of lab.steps) {
				if (step.kind !== 'file') continue;
				const entry = entries.find((e) => e.name === `${folder}/${step.path}`);
				expect(entry?.content.equals(Buffer.from(step.content)), `${lab.file}: ${step.path}`).toBe(true);
			}
		}
	}, 60_000);
});
