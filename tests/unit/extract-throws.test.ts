import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractLab, LabSyntaxError } from '../../scripts/extract/index.ts';

/**
 * Bad pages: each tests/fixtures/extract/throws/<case>.mdx must be rejected with
 * a LabSyntaxError whose message (file:line, found, expected, hint) is
 * snapshotted beside it as <case>.error.txt.
 */
const ROOT = 'tests/fixtures/extract/throws';
const cases = readdirSync(ROOT)
	.filter((f) => f.endsWith('.mdx'))
	.sort();

describe('extractLab rejects bad pages', () => {
	it('has one case per error kind', () => {
		expect(cases.length).toBeGreaterThanOrEqual(20);
	});

	for (const file of cases) {
		it(file.replace(/\.mdx$/, ''), async () => {
			const path = join(ROOT, file);
			let error: unknown;
			try {
				extractLab(path, readFileSync(path, 'utf8'), { image: 'rancher/k3s:v1.36.2-k3s1' });
			} catch (e) {
				error = e;
			}
			expect(error).toBeInstanceOf(LabSyntaxError);
			const e = error as LabSyntaxError;
			// Every problem names the page and a real line, what was found, what was expected and a hint.
			const lines = readFileSync(path, 'utf8').split('\n').length;
			for (const p of e.problems) {
				expect(p.file).toBe(path);
				expect(p.line).toBeGreaterThanOrEqual(1);
				expect(p.line).toBeLessThanOrEqual(lines);
				expect(p.found && p.expected && p.hint).toBeTruthy();
			}
			expect(e.message).toMatch(new RegExp(`^${path.replace(/[.]/g, '\\.')}:\\d+: found .+; expected .+\\n  hint: .+`, 's'));
			await expect(`${e.message}\n`).toMatchFileSnapshot(join('..', 'fixtures', 'extract', 'throws', file.replace(/\.mdx$/, '.error.txt')));
		});
	}
});
