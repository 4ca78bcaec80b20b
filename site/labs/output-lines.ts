/**
 * The body of an output panel as lines a reader can read at any width: each
 * line is its own element that wraps with a hanging indent under its own
 * indentation (site/styles/labs.css marks the continuation), so no part of a
 * line is ever hidden sideways. In an expected output, each `...` of the
 * doctest pattern becomes a visible placeholder, so a reader can tell what the
 * command prints from what varies between runs.
 */
import { h, type Element, type ElementContent } from '@expressive-code/core/hast';
import { ELLIPSIS } from '../../scripts/check/match.ts';

/** Words a screen reader says for a placeholder, and the tooltip of it. */
export const VARIES_TEXT = 'text that varies between runs';
/** Same, for a line that holds only `...` (any number of lines, none included). */
export const ANY_LINES_TEXT = 'any number of lines that vary between runs, or none';

/** A placeholder element: a dotted chip with a short visible word, its full meaning for screen readers and as a tooltip. */
function placeholder(kind: 'text' | 'lines'): Element {
	const full = kind === 'text' ? VARIES_TEXT : ANY_LINES_TEXT;
	return h('span', { className: ['lab-vary', ...(kind === 'lines' ? ['lab-vary--lines'] : [])], title: full }, [
		h('span', { ariaHidden: 'true' }, kind === 'text' ? 'varies' : 'any lines'),
		h('span', { className: ['sr-only'] }, `(${full})`),
	]);
}

/** The content of one expected line: its text with each `...` replaced by a placeholder. */
function expectedLine(line: string): ElementContent[] {
	if (line.trim() === ELLIPSIS) return [placeholder('lines')];
	const parts = line.split(ELLIPSIS);
	return parts.flatMap((part, i): ElementContent[] => [
		...(part ? [{ type: 'text' as const, value: part }] : []),
		...(i < parts.length - 1 ? [placeholder('text')] : []),
	]);
}

/** Which placeholders an expected output holds (its panel then explains those). */
export function placeholderKinds(text: string): { text: boolean; lines: boolean } {
	const lines = text.split('\n');
	return {
		text: lines.some((line) => line.trim() !== ELLIPSIS && line.includes(ELLIPSIS)),
		lines: lines.some((line) => line.trim() === ELLIPSIS),
	};
}

/** The legend under an expectation with placeholders: one sentence per kind it shows, each beside a sample chip. */
export function placeholderLegend(expected: string): Element | undefined {
	const kinds = placeholderKinds(expected);
	if (!kinds.text && !kinds.lines) return undefined;
	const chip = (kind: 'text' | 'lines') =>
		h('span', { className: ['lab-vary', ...(kind === 'lines' ? ['lab-vary--lines'] : [])] }, kind === 'text' ? 'varies' : 'any lines');
	const text = (value: string): ElementContent => ({ type: 'text', value });
	const parts: ElementContent[] = [];
	if (kinds.text) parts.push(chip('text'), text(' stands for text that differs from run to run (names, addresses, ports, ages).'));
	if (kinds.lines) parts.push(...(kinds.text ? [text(' ')] : []), chip('lines'), text(' stands for lines that may or may not appear.'));
	return h('p', { className: ['lab-output__legend'] }, parts);
}

/**
 * One `span.lab-line` per line, the line's leading spaces as `--i` (the
 * hanging indent starts there), and its newline inside it, so the text of the
 * panel is exactly the output (selection, innerText and search see it as is).
 * `expected` turns each `...` into a placeholder; a recorded output is shown verbatim.
 */
export function outputLines(body: string, kind: 'output' | 'expected'): Element[] {
	const lines = body.split('\n');
	return lines.map((line, i) => {
		const indent = line.match(/^ */)![0].length;
		const content = kind === 'expected' ? expectedLine(line) : line ? [{ type: 'text' as const, value: line }] : [];
		const newline: ElementContent[] = i < lines.length - 1 ? [{ type: 'text', value: '\n' }] : [];
		return h('span', { className: ['lab-line'], ...(indent ? { style: `--i:${indent}` } : {}) }, [...content, ...newline]);
	});
}
