/**
 * The output panel under a run block, as a hast element. One builder serves the
 * Expressive Code plugin (in the page) and StepOutput (quoted elsewhere), so a
 * quoted step reads exactly like the original. Styles: site/styles/labs.css.
 */
import { h, type Element, type ElementContent } from '@expressive-code/core/hast';
import { outputLines, placeholderLegend } from './output-lines.ts';
import type { StatusIcon, StepView } from './status.ts';

/**
 * The HTML id of step N (the whole step: its command and its output panel on
 * the lab page); links such as /services/clusterip/#step-3 point at it.
 */
export function stepAnchor(number: number): string {
	return `step-${number}`;
}

/** 16×16 outline icons (stroke = currentColor) so state is told by shape and text, never by colour alone. */
const ICON_PATHS: Record<StatusIcon, string[]> = {
	// a circle with a check mark
	verified: ['M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13Z', 'M5 8.2l2 2l4-4.4'],
	// a terminal window with a prompt
	recorded: ['M2 3h12v10H2Z', 'M4.5 6.5l2 1.5l-2 1.5', 'M8 10h3'],
	// a warning triangle
	stale: ['M8 2l6.5 11.5h-13Z', 'M8 6.5v3.2', 'M8 11.6v.2'],
	// a dashed circle: not yet confirmed
	expected: ['M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13Z', 'M8 5v3.5l2 1.5'],
};

/** An inline SVG icon, hidden from assistive technology (the text beside it says the same). */
export function statusIcon(icon: StatusIcon): Element {
	return h(
		'svg',
		{
			className: ['lab-icon', `lab-icon--${icon}`],
			viewBox: '0 0 16 16',
			width: '16',
			height: '16',
			fill: 'none',
			stroke: 'currentColor',
			strokeWidth: '1.5',
			strokeLinecap: 'round',
			strokeLinejoin: 'round',
			ariaHidden: 'true',
			focusable: 'false',
			...(icon === 'expected' ? { strokeDasharray: '2.2 1.6' } : {}),
		},
		ICON_PATHS[icon].map((d) => h('path', { d })),
	);
}

/** Options of an output panel. */
export interface PanelOptions {
	/** HTML id; the in-page panel uses stepAnchor(n), a quote uses none (ids must be unique). */
	id?: string;
	/** For a quote: where the step lives, e.g. { href: '/services/clusterip/#step-3', text: 'ClusterIP, step 3' }. */
	source?: { href: string; text: string };
}

/**
 * One panel: a figure named "Output of step N: <label>", a badge (icon + text +
 * a screen-reader sentence), then the output, the expectation, or a note that
 * there is neither. Marked data-pagefind-ignore: outputs are machine text (IPs,
 * generated names) that would drown the prose in search results.
 */
export function outputPanel(view: StepView, options: PanelOptions = {}): Element {
	// A stale panel and an empty one say in words, visibly, what the badge means; others carry it for screen readers.
	const visibleNote = view.state === 'stale' || view.bodyKind === 'empty';
	const caption: ElementContent[] = [
		statusIcon(view.icon),
		h('span', { className: ['lab-output__label'] }, view.label),
		...(visibleNote ? [] : [h('span', { className: ['sr-only'] }, ` ${view.description}`)]),
	];
	if (options.source) {
		caption.push(h('a', { className: ['lab-output__source'], href: options.source.href }, options.source.text));
	}
	const body: Element =
		view.bodyKind === 'empty'
			? h('p', { className: ['lab-output__empty'] }, view.description)
			: view.body === ''
				? h('p', { className: ['lab-output__empty'] }, view.bodyKind === 'output' ? 'The command printed nothing.' : 'The page expects no output.')
				: h('pre', { className: ['lab-output__body'], tabIndex: 0, ariaLabel: `${view.bodyKind === 'output' ? 'Output' : 'Expected output'} of step ${view.number}` }, [
					h('code', outputLines(view.body, view.bodyKind)),
				]);
	// Placeholders are explained where they appear: only an expectation has them.
	const legend = view.bodyKind === 'expected' ? placeholderLegend(view.body) : undefined;
	return h(
		'figure',
		{
			className: ['lab-output', `lab-output--${view.state}`, ...(view.verifiedOnK3s ? ['lab-output--verified'] : [])],
			...(options.id ? { id: options.id } : {}),
			dataState: view.state,
			dataVerified: String(view.verifiedOnK3s),
			dataStep: String(view.number),
			dataPagefindIgnore: '',
			ariaLabel: `Output of step ${view.number}: ${view.label}`,
		},
		[
			h('figcaption', { className: ['lab-output__badge'] }, caption),
			...(visibleNote && view.bodyKind !== 'empty' ? [h('p', { className: ['lab-output__note'] }, view.description)] : []),
			body,
			...(legend ? [legend] : []),
		],
	);
}
