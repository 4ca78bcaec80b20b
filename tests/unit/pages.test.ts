/**
 * The rules every page under tutorials/ must keep (issue 5): it extracts as a
 * valid lab or plain page, its manifests fit the Kubernetes schema, its images
 * are pinned, its links reach real pages and real steps, and each lab has a
 * namespace of its own. pages-rules.test.ts proves each rule on bad fixtures.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SERVICE_KINDS } from '../../site/data/comparison.ts';
import { preloadKinds } from './pages-fields.ts';
import { modelRegistry } from './pages-manifests.ts';
import { evidenceProblems, imageProblems, linkProblems, loadPages, manifestKinds, manifestProblems, report, siteIndex } from './pages-rules.ts';

const pages = await loadPages('tutorials');
const labs = pages.flatMap((p) => (p.lab ? [p.lab] : []));
const site = siteIndex(pages);
// Slow set-up while the file loads, not inside a test's timeout: the models'
// registry, and one TypeScript program for every kind the pages use.
modelRegistry();
preloadKinds(labs.flatMap(manifestKinds));

describe('pages under tutorials/', () => {
	it('include the home page and the pages E6 owns', () => {
		const files = pages.map((p) => p.file);
		for (const file of ['tutorials/index.mdx', 'tutorials/services/comparison.mdx', 'tutorials/start/reading.mdx', 'tutorials/start/misconceptions.mdx']) {
			expect(files).toContain(file);
		}
	});

	it.each(pages)('$file extracts as a valid lab or a plain page', ({ error }) => {
		if (error) throw error;
	});

	it.each(labs)('$file: every YAML manifest validates against the Kubernetes schema, with no unknown field', (lab) => {
		expect(report(manifestProblems(lab))).toBe('');
	});

	it.each(labs)('$file: every image is pinned to a tag or digest', (lab) => {
		expect(report(imageProblems(lab))).toBe('');
	});

	it.each(pages)('$file: every internal link reaches a page and every #step-N an existing step', ({ file, source }) => {
		expect(report(linkProblems(file, source, site))).toBe('');
	});

	it('every lab works in a namespace of its own, never default', () => {
		const owners = new Map<string, string>();
		const clashes: string[] = [];
		for (const lab of labs) {
			const ns = lab.options.namespace;
			if (ns === 'default' || ns.startsWith('kube-')) clashes.push(`${lab.file}: namespace ${ns} is shared with the cluster; use one named after the page, e.g. svc-${lab.file.replace(/^.*\//, '').replace(/\.mdx?$/, '')}`);
			const other = owners.get(ns);
			if (other) clashes.push(`${lab.file}: namespace ${ns} is also used by ${other}; labs followed on one cluster would clean up each other's objects`);
			owners.set(ns, lab.file);
		}
		expect(clashes.join('\n')).toBe('');
	});
});

describe('the comparison table (site/data/comparison.ts)', () => {
	it('cites, for every claim, a run step that exists on the cited page', async () => {
		const dataFile = 'site/data/comparison.ts';
		const problems = evidenceProblems(SERVICE_KINDS, site, dataFile, await readFile(dataFile, 'utf8'));
		expect(report(problems)).toBe('');
	});

	it('is rendered on the comparison page from the data source, not copied into it', () => {
		const page = pages.find((p) => p.file === 'tutorials/services/comparison.mdx')!;
		expect(page.source).toMatch(/^import ComparisonTable from '\.\.\/\.\.\/site\/components\/ComparisonTable\.astro';$/m);
		expect(page.source).toMatch(/^<ComparisonTable \/>$/m);
		expect(page.source).not.toMatch(/<table|^\|.*\|.*\|$/m);
	});

	it('compares the four spec.type values and headless, and nothing calls headless a type', () => {
		expect(SERVICE_KINDS.map((k) => k.name)).toEqual(['ClusterIP', 'Headless', 'NodePort', 'LoadBalancer', 'ExternalName']);
		const headless = SERVICE_KINDS.find((k) => k.name === 'Headless')!;
		expect(headless.spec).toContain('clusterIP: None');
		expect(headless.spec).toContain('type: ClusterIP');
	});
});
