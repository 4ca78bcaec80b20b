/** One line of the bench table: figures, never pass/fail (the bench is not a test). */
export interface TableRow {
	/** Section: build, bytes, lighthouse, scaling, engine. */
	area: string;
	/** What was measured (a page path, a build variant, …). */
	measure: string;
	/** The figure(s), with units. */
	figure: string;
	/** The goal the issue sets for this figure, if any (shown beside it, not judged). */
	goal?: string;
	/** How it was measured, in a few words (repetitions, method). */
	how?: string;
}

/** Escapes a cell for a Markdown table. */
function cell(text: string): string {
	return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/**
 * The whole bench as one Markdown table, columns padded so it also reads well
 * in a terminal; the same text goes into the README's Figures section.
 */
export function formatTable(rows: readonly TableRow[]): string {
	const head = ['Area', 'Measure', 'Figure', 'Goal', 'How'];
	const cells = rows.map((r) => [r.area, r.measure, r.figure, r.goal ?? '', r.how ?? ''].map(cell));
	const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
	const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
	return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** Bytes as kB with one decimal (1 kB = 1000 bytes, as browsers' devtools show). */
export function kB(bytes: number): string {
	return `${(bytes / 1000).toFixed(1)} kB`;
}

/** Seconds with one decimal. */
export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

/** The median of some numbers (the mean of the middle two for an even count; NaN for none). */
export function median(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
