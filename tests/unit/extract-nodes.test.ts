import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractLab, LabSyntaxError, readLab } from '../../scripts/extract/index.ts';
import type { Lab } from '../../scripts/model/lab.ts';
import { staleReason } from '../../scripts/record/lab-record.ts';
import { readRecord } from '../../scripts/record/read-record.ts';

/**
 * `lab.nodes` as an author meets it: the default, the allowed range, the
 * error for anything else, and what it does to recorded outputs (a page that
 * never mentions nodes keeps every record fresh).
 */
const IMAGE = 'rancher/k3s:v1.36.2-k3s1';
const F = '```';

function page(extra: string[] = []): string {
	return ['---', 'title: Nodes', 'lab:', '  namespace: nodes-lab', ...extra, '---', '', `${F}bash run`, 'kubectl get nodes', F, ''].join('\n');
}

function extract(source: string): Lab {
	return extractLab('tutorials/nodes.mdx', source, { image: IMAGE }) as Lab;
}

function problem(source: string): string {
	try {
		extract(source);
	} catch (error) {
		if (error instanceof LabSyntaxError) return error.message;
		throw error;
	}
	throw new Error('expected the page to be rejected');
}

describe('lab.nodes', () => {
	it('defaults to one node', () => {
		expect(extract(page()).options.nodes).toBe(1);
	});

	it('accepts 1 to 3', () => {
		for (const n of [1, 2, 3]) expect(extract(page([`  nodes: ${n}`])).options.nodes).toBe(n);
	});

	it('rejects 0, 4, a fraction and a quoted number, naming the line, the range and a hint', () => {
		for (const bad of ['0', '4', '1.5', '"2"']) {
			const message = problem(page([`  nodes: ${bad}`]));
			expect(message).toContain(`tutorials/nodes.mdx:5: found lab.nodes: ${bad === '"2"' ? '"2"' : bad}`);
			expect(message).toContain('expected nodes: how many nodes the cluster has, a whole number from 1 to 3');
			expect(message).toContain('hint: write a whole number from 1 to 3 without quotes');
		}
	});

	it('nodes: 1 written out gives the same hashes as no nodes at all', () => {
		expect(extract(page(['  nodes: 1'])).steps.map((s) => s.hash)).toEqual(extract(page()).steps.map((s) => s.hash));
	});

	it('a different node count makes every step stale', () => {
		const one = extract(page()).steps.map((s) => s.hash);
		const two = extract(page(['  nodes: 2'])).steps.map((s) => s.hash);
		const three = extract(page(['  nodes: 3'])).steps.map((s) => s.hash);
		expect(two.every((h, i) => h !== one[i])).toBe(true);
		expect(three.every((h, i) => h !== two[i] && h !== one[i])).toBe(true);
	});

	it('leaves every committed fixture record fresh', async () => {
		const records = ['tests/fixtures/labs', 'tests/fixtures/render'].flatMap((dir) =>
			readdirSync(dir)
				.filter((f) => f.endsWith('.outputs.json'))
				.map((f) => join(dir, f)),
		);
		expect(records.length).toBeGreaterThanOrEqual(3);
		for (const file of records) {
			const pagePath = file.replace(/\.outputs\.json$/, '.mdx');
			const record = await readRecord(pagePath);
			const lab = await readLab(pagePath, { image: record!.image });
			expect(lab && staleReason(lab, record, record!.target), pagePath).toBeUndefined();
		}
	});
});
