/**
 * The site-wide count ("N of M steps verified on a k3s cluster in this build")
 * and the CI minors the site names. The count is read from a fixture project
 * whose record is a real docker-target run (tests/fixtures/render), which must
 * never count as verified on k3s; a page edited since its record must not count
 * either. The minors come from the real .github/workflows/verify.yml.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_K3S_IMAGE } from '../../scripts/model/k3s-image.ts';
import type { LabRecord } from '../../scripts/model/record.ts';
import { ciMinors, minorList, parseCiMinors } from '../../site/labs/ci-minors.ts';
import { loadPageLab, type PageLab } from '../../site/labs/page-lab.ts';
import { siteVerification, summarise, verifiedSentence } from '../../site/labs/site-verification.ts';
import { labViews } from '../../site/labs/status.ts';
import { FIXTURE_PAGE, FIXTURE_RECORD } from './render-engine.ts';

let root: string;
/**
 * A project with, in a different order on disk than in the sidebar:
 * beyond/marked.mdx (its first step marked k3s, no record), services/recorded.mdx
 * (the fixture's docker record), start/edited.mdx (same record, one step edited)
 * and start/plain.mdx (no lab).
 */
beforeAll(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'site-verification-'));
	const source = await readFile(FIXTURE_PAGE, 'utf8');
	for (const dir of ['beyond', 'services', 'start']) await mkdir(path.join(root, 'tutorials', dir), { recursive: true });
	await writeFile(path.join(root, 'tutorials/beyond/marked.mdx'), source.replace('```bash run', '```bash run k3s'));
	await writeFile(path.join(root, 'tutorials/services/recorded.mdx'), source);
	await copyFile(FIXTURE_RECORD, path.join(root, 'tutorials/services/recorded.outputs.json'));
	await writeFile(path.join(root, 'tutorials/start/edited.mdx'), source.replace('\nls\n', '\nls -1\n'));
	await copyFile(FIXTURE_RECORD, path.join(root, 'tutorials/start/edited.outputs.json'));
	await writeFile(path.join(root, 'tutorials/start/plain.mdx'), '---\ntitle: Plain\n---\n\nNo lab here.\n');
});
afterAll(async () => {
	await rm(root, { recursive: true, force: true });
});

describe('siteVerification', () => {
	it('counts every run step of every lab page, and never a docker record as verified on k3s', async () => {
		const figures = await siteVerification({ root });
		expect(figures.pages.map((p) => p.file)).toEqual(['tutorials/start/edited.mdx', 'tutorials/services/recorded.mdx', 'tutorials/beyond/marked.mdx']);
		expect(figures.pages.map((p) => p.steps)).toEqual([5, 5, 5]);
		expect(figures).toMatchObject({ steps: 15, verified: 0 });
		// The docker record is fresh for recorded.mdx (its panels say "Recorded · docker"), yet it counts for nothing.
		const recorded = (await loadPageLab('tutorials/services/recorded.mdx', { root }))!;
		expect(recorded.views.every((v) => v.state === 'fresh')).toBe(true);
	});

	it('names each page by its URL and title, and counts the steps marked k3s', async () => {
		const { pages } = await siteVerification({ root });
		expect(pages.at(-1)).toMatchObject({ url: '/beyond/marked/', title: 'Render fixture', k3sOnly: 1 });
		expect(pages[0]!.k3sOnly).toBe(0);
	});

	it('counts the fresh steps of a k3s run on the pinned image, and none of a run the page has outgrown', async () => {
		// A record object held in memory, built over the fixture's real outputs to exercise the
		// counter; never written to disk and never shown on a page.
		const page = (await loadPageLab('tutorials/beyond/marked.mdx', { root }))!;
		const docker = JSON.parse(await readFile(FIXTURE_RECORD, 'utf8')) as LabRecord;
		const onK3s = (hashes: string[]): PageLab => {
			const record: LabRecord = { ...docker, target: 'k3s', image: DEFAULT_K3S_IMAGE, steps: docker.steps.slice(0, 3).map((s, i) => ({ ...s, hash: hashes[i]! })) };
			return { ...page, record, views: labViews(page.lab, record) };
		};
		const fresh = onK3s(page.lab.runs.map((r) => r.hash));
		expect(summarise([fresh])).toMatchObject({ steps: 5, verified: 3 });
		const outgrown = onK3s(page.lab.runs.map((r) => r.hash.replace(/^./, (c) => (c === '0' ? '1' : '0'))));
		expect(summarise([outgrown, fresh])).toMatchObject({ steps: 10, verified: 3 });
	});
});

describe('verifiedSentence', () => {
	it('says how many steps are verified in this build, and what the rest show', () => {
		expect(verifiedSentence({ steps: 126, verified: 0 })).toEqual({
			icon: 'expected',
			text: '0 of 126 steps verified on a k3s cluster in this build: every panel shows the output its page expects, not yet confirmed by a run',
		});
		expect(verifiedSentence({ steps: 126, verified: 40 })).toEqual({ icon: 'stale', text: '40 of 126 steps verified on a k3s cluster in this build; the other 86 show the outputs their pages expect' });
		expect(verifiedSentence({ steps: 1, verified: 1 })).toEqual({ icon: 'verified', text: '1 of 1 step verified on a k3s cluster in this build' });
		expect(verifiedSentence({ steps: 0, verified: 0 }).text).toBe('This build has no lab steps');
	});
});

describe('ciMinors', () => {
	it('reads the matrix of verify.yml, the pinned image standing in for the empty one', () => {
		const minors = ciMinors();
		expect(minors.length).toBeGreaterThan(0);
		const pinned = minors.filter((m) => m.pinned);
		expect(pinned.map((m) => m.image)).toEqual([DEFAULT_K3S_IMAGE]);
		for (const m of minors) expect(m.image, m.minor).toMatch(new RegExp(`^rancher/k3s:v${m.minor.replace('.', '\\.')}\\.\\d+-k3s\\d+$`));
	});

	it('says the minors as a reader would', () => {
		const entry = (minor: string) => ({ minor, image: '', pinned: false });
		expect(minorList([entry('1.35'), entry('1.36'), entry('1.37')])).toBe('1.35, 1.36 and 1.37');
		expect(minorList([entry('1.36')])).toBe('1.36');
	});

	it('names the file and the expected shape when the matrix is missing', () => {
		expect(() => parseCiMinors('jobs:\n  labs:\n    runs-on: ubuntu-latest\n', 'verify.yml')).toThrow(/^verify\.yml: found jobs\.labs\.strategy: .*expected jobs\.labs\.strategy\.matrix\.include/);
	});
});
