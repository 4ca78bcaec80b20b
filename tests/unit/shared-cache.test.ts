import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { extractLabShared } from '../../scripts/extract/shared-cache.ts';
import { FIXTURE_PAGE } from './render-engine.ts';

/** An image no other test uses, so this file's cache entries are its own (the cache is process-wide). */
const IMAGE = 'rancher/k3s:v0.0.0-shared-cache-test';

describe('shared extraction cache (scripts/extract/shared-cache.ts)', () => {
	it('reuses a result only for the exact text it was extracted from', async () => {
		const source = await readFile(FIXTURE_PAGE, 'utf8');
		const first = await extractLabShared('tutorials/cache/page.mdx', source, { image: IMAGE });
		expect(await extractLabShared('tutorials/cache/page.mdx', source, { image: IMAGE })).toBe(first);
		const edited = await extractLabShared('tutorials/cache/page.mdx', source.replace('\nls\n', '\nls -1\n'), { image: IMAGE });
		expect(edited).not.toBe(first);
		expect(edited?.runs.some((r) => r.command.endsWith('\nls -1'))).toBe(true);
	});

	it('runs one extraction for concurrent callers of the same page (code blocks render concurrently)', async () => {
		const source = await readFile(FIXTURE_PAGE, 'utf8');
		const [a, b, c] = await Promise.all([1, 2, 3].map(() => extractLabShared('tutorials/cache/concurrent.mdx', source, { image: IMAGE })));
		expect(a).not.toBeNull();
		expect(b).toBe(a);
		expect(c).toBe(a);
	});
});
