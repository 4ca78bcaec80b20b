import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractLab } from '../../scripts/extract/index.ts';

/**
 * Extraction over fixtures on disk: tests/fixtures/extract/<case>/input.mdx (or
 * input.md) → expected.json, the extracted Lab (or null for a plain page).
 * UPDATE_FIXTURES=1 rewrites the expected files; review the diff before
 * committing. The image is pinned here so hashes do not follow LABS_K3S_IMAGE.
 */
const ROOT = 'tests/fixtures/extract';
const IMAGE = 'rancher/k3s:v1.36.2-k3s1';
const update = process.env.UPDATE_FIXTURES === '1';

const cases = readdirSync(ROOT, { withFileTypes: true })
	.filter((e) => e.isDirectory() && e.name !== 'throws')
	.map((e) => e.name)
	.sort();

function writeAtomic(path: string, text: string): void {
	const temp = `${path}.${process.pid}.tmp`;
	writeFileSync(temp, text);
	renameSync(temp, path);
}

describe('extractLab over fixtures', () => {
	it('has fixture cases to run', () => {
		expect(cases.length).toBeGreaterThanOrEqual(5);
	});

	for (const name of cases) {
		it(name, () => {
			const input = ['input.mdx', 'input.md'].map((f) => join(ROOT, name, f)).find((p) => existsSync(p));
			if (!input) throw new Error(`${join(ROOT, name)}: no input.mdx or input.md`);
			const lab = extractLab(input, readFileSync(input, 'utf8'), { image: IMAGE });
			const actual = `${JSON.stringify(lab, null, 2)}\n`;
			const expectedPath = join(ROOT, name, 'expected.json');
			if (update || !existsSync(expectedPath)) {
				if (!update) throw new Error(`${expectedPath} is missing; run with UPDATE_FIXTURES=1 to create it, then review it`);
				writeAtomic(expectedPath, actual);
			}
			expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
		});
	}
});
