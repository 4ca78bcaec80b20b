import { describe, expect, it } from 'vitest';
import { canonicalJson, extractLab } from '../../scripts/extract/index.ts';
import type { Lab } from '../../scripts/model/lab.ts';

/**
 * Chain-hash invalidation, observed the way a reader would: which recorded
 * outputs stay fresh after an edit to the page.
 */
const IMAGE = 'rancher/k3s:v1.36.2-k3s1';
const F = '```';

interface PageParts {
	namespace?: string;
	extraLab?: string;
	file?: string;
	step1?: string;
	step1Meta?: string;
	expect1?: string;
	step2?: string;
	step3?: string;
	prose?: string;
}

function page(p: PageParts = {}): string {
	return [
		'---',
		'title: Hash lab',
		'lab:',
		`  namespace: ${p.namespace ?? 'hash-lab'}`,
		...(p.extraLab ? [p.extraLab] : []),
		'---',
		'',
		p.prose ?? 'Some prose.',
		'',
		`${F}yaml file=echo.yaml`,
		p.file ?? 'kind: Service',
		F,
		'',
		`${F}bash run${p.step1Meta ?? ''}`,
		p.step1 ?? 'kubectl apply -f echo.yaml',
		F,
		'',
		`${F}text expect`,
		p.expect1 ?? 'service/echo created',
		F,
		'',
		`${F}bash run`,
		p.step2 ?? 'kubectl get service echo',
		F,
		'',
		`${F}bash run`,
		p.step3 ?? 'kubectl delete service echo',
		F,
		'',
	].join('\n');
}

function hashes(source: string, image = IMAGE): string[] {
	const lab = extractLab('tutorials/hash.mdx', source, { image }) as Lab;
	return lab.steps.map((s) => s.hash);
}

/** Indexes (0 = the file step, 1..3 = the run steps) whose hash changed. */
function changed(a: string[], b: string[]): number[] {
	expect(b).toHaveLength(a.length);
	return a.flatMap((h, i) => (h === b[i] ? [] : [i]));
}

describe('chain hashes', () => {
	const base = hashes(page());

	it('are sha256 hex, distinct per step, and stable across extractions', () => {
		expect(base).toHaveLength(4);
		for (const h of base) expect(h).toMatch(/^[0-9a-f]{64}$/);
		expect(new Set(base).size).toBe(4);
		expect(hashes(page())).toEqual(base);
	});

	it('changing step k changes the hashes of k..n and none before', () => {
		expect(changed(base, hashes(page({ step2: 'kubectl get service echo -o wide' })))).toEqual([2, 3]);
		expect(changed(base, hashes(page({ step3: 'kubectl delete service echo --wait' })))).toEqual([3]);
		expect(changed(base, hashes(page({ step1: 'kubectl apply -f echo.yaml --server-side' })))).toEqual([1, 2, 3]);
	});

	it('a changed file invalidates every step from the file on', () => {
		expect(changed(base, hashes(page({ file: 'kind: Service\nmetadata: {}' })))).toEqual([0, 1, 2, 3]);
	});

	it('a changed expectation or run option invalidates its step and the rest', () => {
		expect(changed(base, hashes(page({ expect1: 'service/echo configured' })))).toEqual([1, 2, 3]);
		expect(changed(base, hashes(page({ step1Meta: ' timeout=60' })))).toEqual([1, 2, 3]);
	});

	it('a default written out explicitly is the same step', () => {
		expect(hashes(page({ step1Meta: ' timeout=120 retry=0 exit=0' }))).toEqual(base);
	});

	it('changing the image or any lab option changes every hash', () => {
		expect(changed(base, hashes(page(), 'rancher/k3s:v1.35.6-k3s1'))).toEqual([0, 1, 2, 3]);
		expect(changed(base, hashes(page({ namespace: 'other-lab' })))).toEqual([0, 1, 2, 3]);
		expect(changed(base, hashes(page({ extraLab: '  k3sArgs: []' })))).toEqual([0, 1, 2, 3]);
		expect(changed(base, hashes(page({ extraLab: '  timeout: 600' })))).toEqual([0, 1, 2, 3]);
		expect(changed(base, hashes(page({ extraLab: '  images: [busybox]' })))).toEqual([0, 1, 2, 3]);
	});

	it('prose, trailing spaces and CRLF line endings do not change any hash', () => {
		expect(hashes(page({ prose: 'Other words entirely.\n\nAnd a second paragraph.' }))).toEqual(base);
		expect(hashes(page().replace('kubectl get service echo', 'kubectl get service echo   '))).toEqual(base);
		expect(hashes(page().replace(/\n/g, '\r\n'))).toEqual(base);
	});
});

describe('canonicalJson', () => {
	it('gives the same text whatever the key order', () => {
		expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [1, { y: 2, z: 1 }] }, b: 1 }));
		expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
	});
	it('drops undefined members, as JSON does', () => {
		expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
	});
});
