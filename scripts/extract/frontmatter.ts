/**
 * Reads a page's YAML frontmatter: its title and the `lab:` options, validated
 * with zod. Problems point at the exact line of the offending key in the page.
 */
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { LabOptionsSchema, MAX_LAB_NODES, type LabOptions } from '../model/lab.ts';
import type { ProblemList } from './errors.ts';

const HINTS: Record<string, string> = {
	namespace: 'use lowercase letters, digits and "-", e.g. clusterip-lab',
	k3sArgs: 'write a YAML list of strings; [] keeps Traefik',
	timeout: 'write a whole number of seconds without quotes or units, e.g. timeout: 900',
	images: 'write a YAML list of image references',
	nodes: `write a whole number from 1 to ${MAX_LAB_NODES} without quotes, e.g. nodes: 2 (a server and one agent)`,
};

const EXPECTED: Record<string, string> = {
	namespace: 'namespace: a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters, starting and ending alphanumeric)',
	k3sArgs: 'k3sArgs: a list of k3s server arguments, e.g. ["--disable=traefik"]',
	timeout: 'timeout: whole seconds for the whole lab, e.g. 900',
	images: 'images: a list of image references, e.g. ["registry.k8s.io/e2e-test-images/agnhost:2.53"]',
	nodes: `nodes: how many nodes the cluster has, a whole number from 1 to ${MAX_LAB_NODES}`,
};

/** What the frontmatter says about the page. */
export interface Frontmatter {
	title: string | undefined;
	/** Whether a `lab:` key is present at all (even if invalid). */
	hasLab: boolean;
	/** Validated lab options; undefined when absent or invalid (problems were recorded). */
	lab: LabOptions | undefined;
	/** Page line of the `lab:` key, for messages about the lab as a whole. */
	labLine: number;
	/** The frontmatter is not valid YAML (already reported), so whether it has `lab:` is unknown. */
	unreadable?: boolean;
}

function lineOf(doc: Document, counter: LineCounter, path: readonly (string | number)[], offset: number): number {
	for (let n = path.length; n >= 0; n--) {
		const node = doc.getIn(path.slice(0, n), true);
		if (isNode(node) && node.range) return offset + counter.linePos(node.range[0]).line;
	}
	return offset + 1;
}

function keyLine(doc: Document, counter: LineCounter, mapPath: readonly (string | number)[], key: string, offset: number): number {
	const map = doc.getIn(mapPath, true);
	if (isMap(map)) {
		for (const pair of map.items) {
			if (isPair(pair) && isScalar(pair.key) && pair.key.value === key && pair.key.range) return offset + counter.linePos(pair.key.range[0]).line;
		}
	}
	return lineOf(doc, counter, mapPath, offset);
}

/**
 * Parses frontmatter text. `startLine` is the page line of the opening `---`,
 * so YAML line 1 is page line startLine + 1.
 */
export function readFrontmatter(text: string | undefined, startLine: number, problems: ProblemList): Frontmatter {
	const none: Frontmatter = { title: undefined, hasLab: false, lab: undefined, labLine: 1 };
	if (text === undefined) return none;
	const counter = new LineCounter();
	const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
	if (doc.errors.length) {
		for (const error of doc.errors) {
			const line = startLine + counter.linePos(error.pos[0]).line;
			problems.add(line, `invalid YAML in the frontmatter (${error.message.split('\n')[0]})`, 'valid YAML between the --- lines', 'check indentation (spaces, two per level) and quoting');
			break; // The first error explains the rest.
		}
		return { ...none, unreadable: true };
	}
	const data: unknown = doc.toJS();
	if (data === null || data === undefined) return none;
	if (typeof data !== 'object' || Array.isArray(data)) {
		problems.add(startLine, 'frontmatter that is not a mapping', 'key: value pairs such as title: and lab:', 'start the frontmatter with title: …');
		return none;
	}
	const record = data as Record<string, unknown>;
	const title = typeof record.title === 'string' ? record.title : undefined;
	if (!('lab' in record)) return { ...none, title };
	const labLine = keyLine(doc, counter, [], 'lab', startLine);
	const raw = record.lab;
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		problems.add(labLine, `lab: ${JSON.stringify(raw)}`, 'lab: a mapping with at least namespace: NAME', 'write lab:\\n  namespace: my-lab');
		return { title, hasLab: true, lab: undefined, labLine };
	}
	const result = LabOptionsSchema.safeParse(raw);
	if (result.success) return { title, hasLab: true, lab: result.data, labLine };
	for (const issue of result.error.issues) {
		const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
		if (issue.code === 'unrecognized_keys') {
			for (const key of issue.keys) {
				problems.add(
					keyLine(doc, counter, ['lab', ...path], key, startLine),
					`unknown key \`${key}\` in lab:`,
					`only ${Object.keys(EXPECTED).join(', ')}`,
					'check the spelling; see the authoring contract in CONTRIBUTING.md',
				);
			}
			continue;
		}
		const top = String(path[0] ?? '');
		const value = path.length ? doc.getIn(['lab', ...path]) : undefined;
		if (top === 'namespace' && value === undefined) {
			problems.add(labLine, 'lab: without namespace:', EXPECTED.namespace!, 'every lab works in its own namespace; add e.g. namespace: clusterip-lab');
			continue;
		}
		problems.add(
			lineOf(doc, counter, ['lab', ...path], startLine),
			`lab.${path.join('.')}: ${JSON.stringify(value)}`,
			EXPECTED[top] ?? 'a valid value',
			HINTS[top] ?? issue.message,
		);
	}
	return { title, hasLab: true, lab: undefined, labLine };
}
