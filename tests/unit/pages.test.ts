/**
 * The rules every page under tutorials/ must keep: it extracts as a valid lab
 * or plain page, keeps every page rule of scripts/lint (manifests fit the
 * Kubernetes schema, images are pinned, links reach real pages and steps, no
 * probe races a routing change, each lab has a namespace of its own), and its
 * record, if any, reads. lint-rules.test.ts proves each rule on bad fixtures.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SERVICE_KINDS } from '../../site/data/comparison.ts';
import { readPages } from '../../scripts/extract/index.ts';
import { evidenceProblems, imageProblems, linkProblems, manifestProblems, namespaceProblems, prepareManifests, probeRetryProblems, report, siteIndex } from '../../scripts/lint/index.ts';
import { findPages } from '../../scripts/model/pages.ts';
import { readRecord } from '../../scripts/record/read-record.ts';

const pages = await readPages(await findPages());
const labs = pages.flatMap((p) => (p.lab ? [p.lab] : []));
const site = siteIndex(pages);
// Slow set-up while the file loads, not inside a test's timeout: the models and
// one TypeScript program for every kind the pages use.
await prepareManifests(labs);

describe('pages under tutorials/', () => {
	it('include the home page, the comparison and the start pages', () => {
		const files = pages.map((p) => p.file);
		for (const file of ['tutorials/index.mdx', 'tutorials/services/comparison.mdx', 'tutorials/start/reading.mdx', 'tutorials/services/misconceptions.mdx']) {
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

	it.each(labs)('$file: no step probes traffic right after changing routing without retry=', (lab) => {
		expect(report(probeRetryProblems(lab))).toBe('');
	});

	it('every lab works in a namespace of its own, never default', () => {
		expect(report(namespaceProblems(pages))).toBe('');
	});

	it.each(labs)('$file: its record, if it has one, reads', async (lab) => {
		await readRecord(lab.file); // rejects with the file, line and fix for a bad record
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
