import { ExpressiveCodeBlock } from '@expressive-code/core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EC_TAB_WIDTH, extractAll, extractLab, findPages, LabSyntaxError, normaliseCode, readLab } from '../../scripts/extract/index.ts';
import { DEFAULT_K3S_IMAGE } from '../../scripts/model/k3s-image.ts';

const F = '```';
const lab = (body: string, front = 'lab:\n  namespace: api-lab') => `---\ntitle: API\n${front}\n---\n\n${body}`;

describe('extractLab', () => {
	it('fills every default of the contract', () => {
		const result = extractLab('tutorials/a.mdx', lab(`${F}bash run\necho hi\n${F}\n`), { image: 'rancher/k3s:v1.36.2-k3s1' });
		expect(result?.options).toEqual({ namespace: 'api-lab', k3sArgs: ['--disable=traefik'], timeout: 900, images: [], nodes: 1 });
		expect(result?.runs[0]?.options).toEqual({ timeout: 120, retry: 0, exit: 0, k3s: false });
		expect(result?.image).toBe('rancher/k3s:v1.36.2-k3s1');
		expect(result?.title).toBe('API');
	});

	it('marks a step that needs k3s itself with the bare word k3s, without changing any hash', () => {
		const marked = extractLab('tutorials/a.mdx', lab(`${F}bash run k3s retry=30\necho hi\n${F}\n`), { image: DEFAULT_K3S_IMAGE });
		const plain = extractLab('tutorials/a.mdx', lab(`${F}bash run retry=30\necho hi\n${F}\n`), { image: DEFAULT_K3S_IMAGE });
		expect(marked?.runs[0]?.options).toEqual({ timeout: 120, retry: 30, exit: 0, k3s: true });
		expect(marked?.runs[0]?.hash).toBe(plain?.runs[0]?.hash);
		expect(() => extractLab('tutorials/a.mdx', lab(`${F}bash run k3s=yes\necho hi\n${F}\n`))).toThrow(/k3s as a bare word/);
	});

	it('uses the pinned (or LABS_K3S_IMAGE) image when none is given', () => {
		const saved = process.env.LABS_K3S_IMAGE;
		delete process.env.LABS_K3S_IMAGE;
		try {
			expect(extractLab('tutorials/a.mdx', lab(`${F}bash run\necho hi\n${F}\n`))?.image).toBe(DEFAULT_K3S_IMAGE);
		} finally {
			if (saved !== undefined) process.env.LABS_K3S_IMAGE = saved;
		}
	});

	it('returns null for a plain page, which must still mark shell blocks', () => {
		expect(extractLab('tutorials/p.mdx', `---\ntitle: Plain\n---\n\n${F}bash norun\nls\n${F}\n`)).toBeNull();
		expect(() => extractLab('tutorials/p.mdx', `---\ntitle: Plain\n---\n\n${F}shell\nls\n${F}\n`)).toThrow(LabSyntaxError);
		expect(extractLab('tutorials/p.mdx', 'No frontmatter at all.\n')).toBeNull();
	});

	it('runs are the run steps, numbered from 0 in page order, each carrying its own expectation', () => {
		const result = extractLab('tutorials/a.mdx', lab(`${F}bash run\necho 1\n${F}\n\n${F}text expect\n1\n${F}\n\n${F}bash run\necho 2\n${F}\n`))!;
		expect(result.runs.map((r) => [r.index, r.command, r.expect?.text])).toEqual([
			[0, 'echo 1', '1'],
			[1, 'echo 2', undefined],
		]);
		expect(result.runs).toEqual(result.steps.filter((s) => s.kind === 'run'));
	});

	it('keeps a heredoc with a tab-free body exactly, and file content ends with one newline', () => {
		const result = extractLab('tutorials/a.mdx', lab(`${F}yaml file=a.yaml\n\nkind: A   \n\n\n${F}\n\n${F}bash run\ncat a.yaml\n${F}\n`))!;
		expect(result.steps[0]).toMatchObject({ kind: 'file', path: 'a.yaml', content: 'kind: A\n' });
	});

	it('reports every problem of a page in one error, first problem in the fields', () => {
		try {
			extractLab('tutorials/bad.mdx', lab(`${F}bash run timeout=0\necho\n${F}\n\n${F}sh\nls\n${F}\n`));
			expect.unreachable();
		} catch (error) {
			const e = error as LabSyntaxError;
			expect(e).toBeInstanceOf(LabSyntaxError);
			expect(e.problems.map((p) => p.line)).toEqual([7, 11]);
			expect([e.file, e.line]).toEqual(['tutorials/bad.mdx', 7]);
			expect(e.found).toBe('bad option value `timeout=0` in ```bash run timeout=0');
			expect(e.message.split('\n')).toHaveLength(4);
		}
	});
});

describe('normaliseCode', () => {
	/** What Expressive Code hands to plugins: astro-expressive-code expands tabs, then ExpressiveCodeBlock trims. */
	const ecCode = (raw: string) => new ExpressiveCodeBlock({ code: raw.replace(/\t/g, ' '.repeat(EC_TAB_WIDTH)), language: 'bash', meta: '' }).code;

	it('gives the text Expressive Code shows, so the site plugin and the runner hash the same thing', () => {
		for (const raw of ['\n\nkubectl get pods   \n  -o wide\t\n\n', 'a\r\nb\r\n', '\tindented\n\t\tmore', '', 'one line']) {
			expect(normaliseCode(raw)).toBe(ecCode(raw));
			expect(normaliseCode(ecCode(raw))).toBe(normaliseCode(raw));
		}
	});

	it('is idempotent', () => {
		const once = normaliseCode('  x  \n\n y\t\n\n');
		expect(normaliseCode(once)).toBe(once);
	});
});

describe('readLab, findPages, extractAll', () => {
	const root = mkdtempSync(join(tmpdir(), 'extract-api-'));
	const rel = relative(process.cwd(), root).split('\\').join('/');
	afterAll(() => rmSync(root, { recursive: true, force: true }));
	mkdirSync(join(root, 'b'), { recursive: true });
	writeFileSync(join(root, 'b', 'two.mdx'), lab(`${F}bash run\necho 2\n${F}\n`));
	writeFileSync(join(root, 'a.md'), lab(`${F}bash run\necho 1\n${F}\n`, 'lab:\n  namespace: md-lab'));
	writeFileSync(join(root, 'plain.mdx'), '---\ntitle: Plain\n---\n\nText.\n');
	writeFileSync(join(root, 'notes.txt'), 'not a page');

	it('findPages lists .md and .mdx pages sorted, relative to the project root', async () => {
		expect(await findPages(root)).toEqual([`${rel}/a.md`, `${rel}/b/two.mdx`, `${rel}/plain.mdx`]);
	});

	it('readLab names the page by its project-relative path', async () => {
		expect((await readLab(join(root, 'b', 'two.mdx')))?.file).toBe(`${rel}/b/two.mdx`);
		expect(await readLab(join(root, 'plain.mdx'))).toBeNull();
	});

	it('extractAll returns the labs and leaves plain pages out', async () => {
		expect((await extractAll(root)).map((l) => l.options.namespace)).toEqual(['md-lab', 'api-lab']);
	});

	it('extractAll reports the problems of all pages together', async () => {
		const bad = mkdtempSync(join(tmpdir(), 'extract-api-bad-'));
		try {
			writeFileSync(join(bad, 'x.mdx'), lab(`${F}bash\nls\n${F}\n`));
			writeFileSync(join(bad, 'y.mdx'), lab(`${F}bash run nope\nls\n${F}\n`));
			const error = await extractAll(bad).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(LabSyntaxError);
			expect((error as LabSyntaxError).problems.map((p) => p.file.split('/').pop())).toEqual(['x.mdx', 'y.mdx']);
		} finally {
			rmSync(bad, { recursive: true, force: true });
		}
	});
});
