/**
 * Doctest-style matching of an authored expectation against real output, and
 * a readable diff when they differ. Both sides are normalised first
 * (normalise.ts), so only what a reader can rely on has to match.
 *
 * - `...` inside a line matches any text (including none) there;
 * - a line holding only `...` (surrounding spaces allowed) matches any number
 *   of lines, including none;
 * - trailing whitespace and trailing blank lines are ignored on both sides.
 */
import { normaliseLine, splitLines } from './normalise.ts';

/** The ellipsis that stands for any text (in a line) or any lines (alone on a line). */
export const ELLIPSIS = '...';

/** Result of matching: ok, and when not ok a diff a person can read. */
export interface MatchResult {
	ok: boolean;
	/** Empty when ok; otherwise expected vs actual line by line (see formatDiff). */
	diff: string;
}

/** Longer runs of lines covered by an ellipsis line are shortened in the diff to their first and last lines. */
const MAX_COVERED_SHOWN = 8;

type Pattern = { kind: 'any-lines' } | { kind: 'line'; re: RegExp };

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles one normalised expected line into a matcher. */
function compile(line: string): Pattern {
	if (line.trim() === ELLIPSIS) return { kind: 'any-lines' };
	return { kind: 'line', re: new RegExp(`^${line.split(ELLIPSIS).map(escape).join('[^]*?')}$`) };
}

type Op = { op: 'same'; e: number; a: number } | { op: 'missing'; e: number } | { op: 'extra'; a: number } | { op: 'any'; e: number; from: number; to: number };

/**
 * Aligns expected patterns with actual lines at the least cost: a matched line
 * or an ellipsis line costs 0, each unmatched expected or actual line costs 1.
 * Cost 0 means the expectation holds. Quadratic, fine for command outputs.
 */
function align(patterns: Pattern[], actual: string[]): Op[] {
	const n = patterns.length;
	const m = actual.length;
	const matches = (i: number, j: number) => {
		const p = patterns[i]!;
		return p.kind === 'line' && p.re.test(actual[j]!);
	};
	// cost[i][j]: least cost of aligning patterns[i..] with actual[j..]
	const cost: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
	for (let j = m - 1; j >= 0; j--) cost[n]![j] = m - j;
	for (let i = n - 1; i >= 0; i--) {
		const p = patterns[i]!;
		for (let j = m; j >= 0; j--) {
			if (p.kind === 'any-lines') {
				// Either the ellipsis stops here, or it swallows actual[j] and continues.
				cost[i]![j] = j < m ? Math.min(cost[i + 1]![j]!, cost[i]![j + 1]!) : cost[i + 1]![j]!;
				continue;
			}
			let best = cost[i + 1]![j]! + 1; // expected line missing
			if (j < m) {
				best = Math.min(best, cost[i]![j + 1]! + 1); // actual line extra
				if (matches(i, j)) best = Math.min(best, cost[i + 1]![j + 1]!);
			}
			cost[i]![j] = best;
		}
	}
	const ops: Op[] = [];
	let i = 0;
	let j = 0;
	while (i < n || j < m) {
		const here = cost[i]?.[j] ?? 0;
		if (i < n && patterns[i]!.kind === 'any-lines') {
			let to = j;
			while (to < m && cost[i]![to]! === here && cost[i + 1]![to]! !== here) to += 1;
			ops.push({ op: 'any', e: i, from: j, to });
			i += 1;
			j = to;
			continue;
		}
		if (i < n && j < m && matches(i, j) && cost[i + 1]![j + 1]! === here) {
			ops.push({ op: 'same', e: i, a: j });
			i += 1;
			j += 1;
		} else if (i < n && cost[i + 1]![j]! + 1 === here) {
			ops.push({ op: 'missing', e: i });
			i += 1;
		} else {
			ops.push({ op: 'extra', a: j });
			j += 1;
		}
	}
	return ops;
}

/**
 * Formats an alignment: `  ` lines that match, `- ` expected lines not found,
 * `+ ` actual lines not expected, `~ ` actual lines an ellipsis line covered.
 * A line `@@ first difference: expected line E, output line A @@` marks where
 * expectation and output part.
 */
function formatDiff(ops: Op[], expected: string[], actual: string[]): string {
	const out = ['--- expected', '+++ actual (real output)'];
	let marked = false;
	let e = 0;
	let a = 0;
	for (const op of ops) {
		if (!marked && (op.op === 'missing' || op.op === 'extra')) {
			out.push(`@@ first difference: expected line ${Math.min(e + 1, Math.max(expected.length, 1))}, output line ${Math.min(a + 1, Math.max(actual.length, 1))} @@`);
			marked = true;
		}
		if (op.op === 'same') {
			out.push(`  ${actual[op.a]}`);
			e += 1;
			a += 1;
		} else if (op.op === 'missing') {
			out.push(`- ${expected[op.e]}`);
			e += 1;
		} else if (op.op === 'extra') {
			out.push(`+ ${actual[op.a]}`);
			a += 1;
		} else {
			out.push(`  ${expected[op.e]}`);
			const covered = op.to - op.from;
			const shown = covered > MAX_COVERED_SHOWN ? [op.from, op.from + 1, op.from + 2, -1, op.to - 2, op.to - 1] : Array.from({ length: covered }, (_, k) => op.from + k);
			for (const k of shown) out.push(k === -1 ? `~ … ${covered - 4} more lines matched by ...` : `~ ${actual[k]}`);
			e += 1;
			a = op.to;
		}
	}
	if (!actual.length) out.push('(the command printed nothing)');
	return out.join('\n');
}

/**
 * Matches an expectation against real output with doctest semantics (see the
 * module comment), after Kubernetes-aware normalisation of both. The diff
 * shows the original lines, so authors see the real values.
 */
export function matchOutput(expected: string, actual: string): MatchResult {
	const expectedLines = splitLines(expected).map((l) => l.trimEnd());
	const actualLines = splitLines(actual).map((l) => l.trimEnd());
	const patterns = expectedLines.map((l) => compile(normaliseLine(l)));
	const normalisedActual = actualLines.map(normaliseLine);
	const ops = align(patterns, normalisedActual);
	const ok = ops.every((op) => op.op === 'same' || op.op === 'any');
	return { ok, diff: ok ? '' : formatDiff(ops, expectedLines, actualLines) };
}
