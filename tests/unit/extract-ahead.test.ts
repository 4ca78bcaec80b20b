import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractLab, LabSyntaxError } from '../../scripts/extract/index.ts';
import { extractLabShared, primeShared } from '../../scripts/extract/shared-cache.ts';
import { extractAhead } from '../../site/labs/extract-ahead.ts';
import { FIXTURE_PAGE } from './render-engine.ts';

/** An image no other test uses, so this file's cache entries are its own (the cache is process-wide). */
const IMAGE = 'rancher/k3s:v0.0.0-extract-ahead-test';
const BROKEN = 'tests/fixtures/extract/throws/empty-run.mdx';

let root: string;
/** A project with tutorials/ahead/{lab,plain,broken}.mdx. */
beforeAll(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'extract-ahead-'));
	const dir = path.join(root, 'tutorials/ahead');
	await mkdir(dir, { recursive: true });
	await copyFile(FIXTURE_PAGE, path.join(dir, 'lab.mdx'));
	await writeFile(path.join(dir, 'plain.mdx'), '---\ntitle: Plain\n---\n\nNo lab here.\n');
	await copyFile(BROKEN, path.join(dir, 'broken.mdx'));
});
afterAll(async () => {
	await rm(root, { recursive: true, force: true });
});

describe('extraction ahead in a worker thread (site/labs/extract-ahead.ts)', () => {
	it("primes the shared cache with the extractor's own results and leaves a broken page to the main thread", async () => {
		const result = await extractAhead({ root, image: IMAGE });
		expect(result).toEqual({ primed: 2, error: undefined });

		const source = await readFile(path.join(root, 'tutorials/ahead/lab.mdx'), 'utf8');
		const lab = await extractLabShared('tutorials/ahead/lab.mdx', source, { image: IMAGE });
		expect(lab).toEqual(extractLab('tutorials/ahead/lab.mdx', source, { image: IMAGE }));
		expect(lab?.runs.length).toBeGreaterThan(0);
		expect(await extractLabShared('tutorials/ahead/plain.mdx', await readFile(path.join(root, 'tutorials/ahead/plain.mdx'), 'utf8'), { image: IMAGE })).toBeNull();

		// The broken page was not primed: extracting it reports the usual file:line error.
		const broken = await readFile(path.join(root, 'tutorials/ahead/broken.mdx'), 'utf8');
		await expect(extractLabShared('tutorials/ahead/broken.mdx', broken, { image: IMAGE })).rejects.toThrow(LabSyntaxError);
		await expect(extractLabShared('tutorials/ahead/broken.mdx', broken, { image: IMAGE })).rejects.toThrow(/^tutorials\/ahead\/broken\.mdx:\d+: /);
	});

	it('never rejects: a worker that fails says why, and nothing is primed', async () => {
		const result = await extractAhead({ root: path.join(root, 'no-such-project'), image: IMAGE });
		expect(result.primed).toBe(0);
		expect(result.error).toMatch(/ENOENT/);
	});
});

describe('shared extraction cache (scripts/extract/shared-cache.ts)', () => {
	it('serves a primed result only for the exact text it was extracted from', async () => {
		const source = await readFile(FIXTURE_PAGE, 'utf8');
		const sentinel = extractLab('tutorials/ahead/primed.mdx', source, { image: IMAGE });
		primeShared('tutorials/ahead/primed.mdx', source, IMAGE, sentinel);
		expect(await extractLabShared('tutorials/ahead/primed.mdx', source, { image: IMAGE })).toBe(sentinel);
		const edited = await extractLabShared('tutorials/ahead/primed.mdx', source.replace('\nls\n', '\nls -1\n'), { image: IMAGE });
		expect(edited).not.toBe(sentinel);
		expect(edited?.runs.some((r) => r.command.endsWith('\nls -1'))).toBe(true);
	});

	it('runs one extraction for concurrent callers of the same page (code blocks render concurrently)', async () => {
		const source = await readFile(FIXTURE_PAGE, 'utf8');
		const [a, b, c] = await Promise.all([1, 2, 3].map(() => extractLabShared('tutorials/ahead/concurrent.mdx', source, { image: IMAGE })));
		expect(a).not.toBeNull();
		expect(b).toBe(a);
		expect(c).toBe(a);
	});
});
