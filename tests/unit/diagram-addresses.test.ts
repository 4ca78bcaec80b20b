/**
 * A diagram and the output panels of the page that shows it use the same
 * example addresses: a reader who sees the cluster IP 10.43.12.34 in a panel
 * must not find another one in the diagram beside it. Checked for the cluster's
 * own ranges on k3s (pods 10.42.0.0/16, Services 10.43.0.0/16); a node address
 * in a diagram may name a node the one-node lab does not have.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPages } from '../../scripts/extract/index.ts';
import { findPages } from '../../scripts/model/pages.ts';

const IN_CLUSTER = /\b10\.4[23]\.\d{1,3}\.\d{1,3}\b/g;

/** Pages that import a diagram, with the diagram's file and the addresses in the page's expected outputs. */
const pages = (await readPages(await findPages())).flatMap(({ file, source, lab }) => {
	const diagram = /from '(?:\.\.\/)+(site\/assets\/diagrams\/[\w-]+\.svg)'/.exec(source)?.[1];
	if (!diagram || !lab) return [];
	const expected = lab.runs.map((r) => r.expect?.text ?? '').join('\n');
	return [{ file, diagram, panelAddresses: new Set(expected.match(IN_CLUSTER) ?? []) }];
});

describe('example addresses in diagrams', () => {
	it('are checked on every page with a diagram', () => {
		expect(pages.length).toBeGreaterThan(5);
	});

	it.each(pages)('$diagram uses only pod and cluster IPs that $file shows in its panels', ({ diagram, panelAddresses }) => {
		const svg = readFileSync(diagram, 'utf8');
		const inDiagram = [...new Set(svg.match(IN_CLUSTER) ?? [])];
		const foreign = inDiagram.filter((ip) => !panelAddresses.has(ip));
		expect(foreign, `${diagram}: addresses the page's expected outputs never show (they show ${[...panelAddresses].join(', ') || 'none'})`).toEqual([]);
	});
});
