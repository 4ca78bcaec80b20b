import { mkdir, readFile, rm, writeFile, copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selectAll, toText } from '@expressive-code/core/hast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageSlug, resolvePage } from '../../scripts/model/pages.ts';
import { BadRecordError, parseRecord } from '../../scripts/record/read-record.ts';
import { strictFailure } from '../../site/integrations/labs-strict.ts';
import { loadPageLab } from '../../site/labs/page-lab.ts';
import { quotedStep, summaryFor } from '../../site/labs/quote.ts';
import { freshLabel, kubernetesVersion, labSummary, producedOn, strictProblems, summaryText } from '../../site/labs/status.ts';
import { collectStrictProblems } from '../../site/labs/strict.ts';
import { breakRecord, FIXTURE_PAGE, FIXTURE_RECORD } from './render-engine.ts';

let root: string;
/** A project with tutorials/services/{fresh,stale,unverified}.mdx made from the fixture; fresh and stale get the real record. */
beforeAll(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'render-status-'));
	const dir = path.join(root, 'tutorials/services');
	await mkdir(dir, { recursive: true });
	const source = await readFile(FIXTURE_PAGE, 'utf8');
	await writeFile(path.join(dir, 'fresh.mdx'), source);
	await writeFile(path.join(dir, 'stale.mdx'), source.replace('\nls\n', '\nls -1\n'));
	await writeFile(path.join(dir, 'unverified.mdx'), source);
	await writeFile(path.join(dir, 'plain.mdx'), '---\ntitle: Plain\n---\n\nNo lab here.\n');
	await copyFile(FIXTURE_RECORD, path.join(dir, 'fresh.outputs.json'));
	await copyFile(FIXTURE_RECORD, path.join(dir, 'stale.outputs.json'));
});
afterAll(async () => {
	await rm(root, { recursive: true, force: true });
});

describe('provenance labels', () => {
	it('calls only a k3s run "Verified", with the Kubernetes version and the UTC day', () => {
		const k3s = { target: 'k3s', image: 'rancher/k3s:v1.36.4-k3s1', serverVersion: 'v1.36.4+k3s1', recordedAt: '2026-11-22T23:59:59.000Z' };
		expect(freshLabel(k3s, 0)).toBe('Verified · k3s v1.36.4 · 2026-11-22');
		expect(freshLabel(k3s, 1)).toBe('Verified · k3s v1.36.4 · 2026-11-22 · exit 1');
		expect(freshLabel({ ...k3s, target: 'docker', image: 'labs-busybox:local', serverVersion: 'none' }, 0)).toBe('Recorded · docker (labs-busybox) · 2026-11-22');
	});

	it('falls back to the image tag when the server version is unknown', () => {
		expect(kubernetesVersion('', 'rancher/k3s:v1.36.4-k3s1')).toBe('v1.36.4');
		expect(producedOn({ target: 'k3s', image: 'rancher/k3s:v1.35.0-k3s1', serverVersion: '', recordedAt: '2026-01-01T00:00:00Z' })).toBe('k3s v1.35.0');
	});
});

describe('lab summary', () => {
	it('says "N of N steps verified on k3s <version>, <day>" only for a k3s run', () => {
		const k3s = { target: 'k3s', image: 'rancher/k3s:v1.36.2-k3s1', serverVersion: 'v1.36.2+k3s1', recordedAt: '2026-11-22T10:00:00Z' };
		expect(summaryText({ total: 12, fresh: 12, stale: 0 }, k3s)).toEqual({ icon: 'verified', text: '12 of 12 steps verified on k3s v1.36.2, 2026-11-22' });
		expect(summaryText({ total: 12, fresh: 9, stale: 2 }, k3s)).toEqual({
			icon: 'stale',
			text: '9 of 12 steps verified on k3s v1.36.2, 2026-11-22; the other 3 show expected outputs (2 stale, 1 not yet run)',
		});
		expect(summaryText({ total: 12, fresh: 0, stale: 12 }, k3s).text).toBe(
			'Not verified as the page stands: the run of 2026-11-22 is out of date, so the outputs shown are the expected ones',
		);
		expect(summaryText({ total: 3, fresh: 0, stale: 0 }, null)).toEqual({ icon: 'expected', text: 'Not yet verified on a live cluster: the outputs shown are the expected ones' });
	});

	it('counts the fresh steps and names what produced them (a docker record is never "verified")', async () => {
		const page = (await loadPageLab('tutorials/services/fresh.mdx', { root }))!;
		const s = labSummary(page.lab, page.record);
		expect(s).toMatchObject({ fresh: 5, total: 5, icon: 'recorded' });
		expect(s.text).toBe(`5 of 5 steps recorded on docker (labs-busybox), ${page.record!.recordedAt.slice(0, 10)}; not yet verified on a live k3s cluster`);
	});

	it('says how many steps are stale', async () => {
		const page = (await loadPageLab('tutorials/services/stale.mdx', { root }))!;
		expect(labSummary(page.lab, page.record).text).toMatch(/^1 of 5 steps recorded on docker \(labs-busybox\), \d{4}-\d\d-\d\d; the other 4 show expected outputs \(4 stale\)/);
	});

	it('says plainly when nothing is verified', async () => {
		const page = (await loadPageLab('tutorials/services/unverified.mdx', { root }))!;
		expect(labSummary(page.lab, page.record).text).toBe('Not yet verified on a live cluster: the outputs shown are the expected ones');
	});

	it('gives concurrent callers one PageLab (the plugin matches a page\'s blocks in order against it)', async () => {
		const page = path.join(root, 'tutorials/services/concurrent.mdx');
		await writeFile(page, await readFile(FIXTURE_PAGE, 'utf8'));
		const [a, b, c] = await Promise.all([1, 2, 3].map(() => loadPageLab('tutorials/services/concurrent.mdx', { root }))).finally(() => rm(page));
		expect(a).not.toBeNull();
		expect(b).toBe(a);
		expect(c).toBe(a);
	});

	it('gives the summary data for the page shell: bundle link by slug; nothing for a plain page or a missing file', async () => {
		const data = (await summaryFor('tutorials/services/fresh.mdx', { root, base: '/docs' }))!;
		expect(data.bundleHref).toBe('/docs/labs/services/fresh.tar.gz');
		expect(data.labelsHref).toBe('/docs/start/reading/#what-the-labels-mean');
		expect(data.page.lab.options.namespace).toBe('render-fixture');
		expect(await summaryFor('tutorials/services/plain.mdx', { root })).toBeNull();
		expect(await summaryFor('tutorials/404.md', { root })).toBeNull();
	});
});

describe('StepOutput data (quotedStep)', () => {
	it('quotes a step with the same label as the page and links to its anchor', async () => {
		const panel = await quotedStep('services/fresh', 3, { root });
		expect(toText(selectAll('.lab-output__label', panel)[0]!)).toMatch(/^Recorded · docker \(labs-busybox\) · .* · exit 3$/);
		expect(selectAll('a', panel)[0]!.properties.href).toBe('/services/fresh/#step-3');
		expect(panel.properties.id).toBeUndefined();
	});

	it('fails for a missing page or step, naming what exists', async () => {
		await expect(quotedStep('services/nope', 1, { root })).rejects.toThrow('no such page: "services/nope"; expected a page path such as tutorials/services/clusterip.mdx or a slug such as services/clusterip');
		await expect(quotedStep('services/fresh', 9, { root })).rejects.toThrow(/tutorials\/services\/fresh\.mdx: found no step 9; expected a step number from 1 to 5/);
		await expect(quotedStep('services/plain', 1, { root })).rejects.toThrow(/found a plain page/);
	});

	it('maps slugs and pages both ways', () => {
		expect(pageSlug('tutorials/services/clusterip.mdx')).toBe('services/clusterip');
		expect(resolvePage('/services/fresh/', root)).toBe('tutorials/services/fresh.mdx');
		expect(resolvePage('tutorials/services/fresh.mdx', root)).toBe('tutorials/services/fresh.mdx');
	});
});

describe('strict mode', () => {
	it('lists every step that is not a fresh k3s output, with file:line, step and state', async () => {
		const problems = await collectStrictProblems(root);
		expect(problems).toHaveLength(15);
		expect(problems).toContain('tutorials/services/unverified.mdx:21: step 1 unverified (no recorded output)');
		expect(problems).toContain('tutorials/services/stale.mdx:31: step 2 stale (the step or one before it changed since the recorded run)');
		expect(problems).toContain('tutorials/services/fresh.mdx:38: step 3 recorded on docker (labs-busybox), not on k3s');
		expect(strictFailure(problems)).toMatch(/^LABS_STRICT=1: 15 run steps are not verified on k3s;[\s\S]*\n {2}hint: /);
	});

	it('agrees with strictProblems for one page', async () => {
		const page = (await loadPageLab('tutorials/services/stale.mdx', { root }))!;
		expect(strictProblems(page.lab, page.record)[0]).toMatch(/stale\.mdx:21: step 1 recorded on docker/);
	});
});

describe('a bad record', () => {
	/** A project whose one lab page has a record broken by hand (breakRecord). */
	async function brokenProject(): Promise<string> {
		const dir = await mkdtemp(path.join(tmpdir(), 'render-broken-'));
		await mkdir(path.join(dir, 'tutorials/services'), { recursive: true });
		await copyFile(FIXTURE_PAGE, path.join(dir, 'tutorials/services/broken.mdx'));
		await writeFile(path.join(dir, 'tutorials/services/broken.outputs.json'), breakRecord(await readFile(FIXTURE_RECORD, 'utf8')));
		return dir;
	}
	const MESSAGE =
		'tutorials/services/broken.outputs.json:35: found steps[2].exitCode: "three" (Invalid input: expected number, received string); ' +
		'expected a record as `npm run verify` writes it (scripts/model/record.ts, schema version 1)\n' +
		'  hint: records are written by `npm run verify`, never by hand: restore it (git checkout -- tutorials/services/broken.outputs.json) ' +
		'or record the lab again with `npm run verify -- tutorials/services/broken.mdx --update`, which replaces it';

	it('fails the lab summary, a quoted step and strict mode with one message naming file, line, field and fix', async () => {
		const dir = await brokenProject();
		try {
			await expect(loadPageLab('tutorials/services/broken.mdx', { root: dir })).rejects.toThrow(MESSAGE);
			await expect(summaryFor('tutorials/services/broken.mdx', { root: dir })).rejects.toThrow(MESSAGE);
			await expect(quotedStep('services/broken', 1, { root: dir })).rejects.toThrow(MESSAGE);
			await expect(collectStrictProblems(dir)).rejects.toThrow(MESSAGE);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});

	it('names the line of a record that is not JSON', () => {
		const text = '{\n\t"schemaVersion": 1,\n\t"page" "x"\n}\n';
		const error = (() => {
			try {
				parseRecord(text, 'tutorials/bad.mdx');
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(BadRecordError);
		expect((error as BadRecordError).problem).toMatchObject({ file: 'tutorials/bad.outputs.json', line: 3, found: expect.stringMatching(/^text that is not JSON \(/) });
	});

	it('reads a record of an older schema version as no record (every step then shows as unverified)', async () => {
		const json = JSON.parse(await readFile(FIXTURE_RECORD, 'utf8'));
		expect(parseRecord(JSON.stringify({ ...json, schemaVersion: 0 }), 'old.mdx')).toBeNull();
		expect(() => parseRecord(JSON.stringify({ ...json, schemaVersion: 2 }, null, '\t'), 'new.mdx')).toThrow(/^new\.outputs\.json:2: found schemaVersion: 2 \(/);
	});
});
