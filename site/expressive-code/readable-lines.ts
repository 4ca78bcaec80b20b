/**
 * Expressive Code plugin that makes wrapped code lines safe to read and
 * retype: a line may wrap only between words (at its spaces), never inside a
 * word a reader types such as `--current` or `set-context`. Browsers break
 * lines after hyphens and, for words wider than the block, anywhere; here each
 * word the browser could break is kept whole (marked with WHOLE_ATTRIBUTE,
 * `white-space: nowrap` in site/styles/labs.css), and a word too long for a
 * phone's line is cut into pieces only after `/`, `=`, `.`, `,`, `:` and the
 * like, each piece whole, with a `<wbr>` between. The wrapped part of a line
 * is indented and marked (CSS).
 * No text is added, so what a reader selects and copies is the code as is.
 *
 * Used for every code block (ec.config.mjs), lab or not.
 */
import { definePlugin, type ExpressiveCodePlugin } from '@expressive-code/core';
import { addClassName, getInlineStyles, h, setInlineStyle, setInlineStyles, type Element, type ElementContent, type Properties } from '@expressive-code/core/hast';

/**
 * Attribute of a word kept on one row. An attribute, not a class: Expressive
 * Code colours only highlighting spans that have no class (and token-classes.ts
 * turns only those into classes), and a one-colour word carries the mark on its
 * own span.
 */
export const WHOLE_ATTRIBUTE = 'data-whole';
const WHOLE: Properties = { dataWhole: '' };
/** Columns a wrapped line's continuation is indented past the line's own indentation (ec.config.mjs). */
export const HANGING_INDENT = 2;
/** Deepest indentation, in columns, drawn by a class; a deeper line keeps its inline styles. */
export const MAX_INDENT_CLASS = 40;
/** Longest word kept whole as it is; a longer one is cut into pieces at its soft points. */
export const MAX_WHOLE = 24;
/** Characters after which a long word may wrap (what a reader sees as a natural seam in a path, URL, option or JSONPath). */
const SOFT_AFTER = /[/=,:;&|?)\]}]/;
/** A dot is a seam between two letters only (`k8s.io`, `.spec.ports`), never in a version or an address (`2.66.1`). */
const LETTER = /[A-Za-z]/;

/** A run of text with the properties of the syntax-highlighting span it came from (none for bare text). */
interface Piece {
	text: string;
	props: Properties | null;
}

function isElement(node: ElementContent): node is Element {
	return node.type === 'element';
}

function hasClass(node: Element, name: string): boolean {
	const value: unknown = node.properties.className;
	return Array.isArray(value) ? value.includes(name) : typeof value === 'string' && value.split(/\s+/).includes(name);
}

/** Properties of a span inside another: styles concatenated (the inner last), classes joined. */
function merge(outer: Properties | null, inner: Properties): Properties {
	if (!outer) return inner;
	const style = [outer.style, inner.style].filter((v) => typeof v === 'string' && v !== '').join(';');
	const classes = [outer.className, inner.className].flatMap((v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(/\s+/) : [])).filter(Boolean);
	return { ...(style ? { style } : {}), ...(classes.length ? { className: classes } : {}) };
}

/**
 * The pieces of a line's code: its text, each run with the (merged) properties
 * of the highlighting spans around it (Shiki nests spans where the light and the
 * dark theme split a token differently). Undefined when the line holds anything
 * else (text markers, links): such a line is left as is.
 */
function piecesOf(children: ElementContent[], plain: readonly string[], outer: Properties | null = null, pieces: Piece[] = []): Piece[] | undefined {
	for (const child of children) {
		if (child.type === 'text') pieces.push({ text: child.value, props: outer && isPlain(outer, plain) ? null : outer });
		else if (isElement(child) && child.tagName === 'span' && Object.keys(child.properties).every((k) => k === 'style' || k === 'className')) {
			if (!piecesOf(child.children, plain, merge(outer, child.properties), pieces)) return undefined;
		} else return undefined;
	}
	return pieces;
}

/**
 * Whether a highlighting span draws its text exactly as the block draws plain
 * text: no class, and in every theme (`--0`, `--1`, … by style variant) the
 * block's own foreground colour or none. Such a span (about a fifth of the
 * spans on a lab page) adds nothing a reader sees, only style and layout work.
 */
function isPlain(props: Properties, plain: readonly string[]): boolean {
	if (props.className !== undefined || plain.length === 0) return false;
	for (const [name, value] of getInlineStyles(h('span', props))) {
		const variant = /^--(\d+)$/.exec(name)?.[1];
		if (variant === undefined || value.toLowerCase() !== plain[Number(variant)]?.toLowerCase()) return false;
	}
	return true;
}

/** Splits pieces at character offsets of their joined text (offsets ascending), keeping each piece's properties. */
function cut(pieces: Piece[], offsets: number[]): Piece[][] {
	const parts: Piece[][] = [[]];
	let at = 0;
	let next = 0;
	for (const piece of pieces) {
		let text = piece.text;
		while (next < offsets.length && offsets[next]! < at + text.length) {
			const k = offsets[next]! - at;
			if (k > 0) parts.at(-1)!.push({ text: text.slice(0, k), props: piece.props });
			parts.push([]);
			text = text.slice(k);
			at += k;
			next++;
		}
		if (text) parts.at(-1)!.push({ text, props: piece.props });
		at += text.length;
	}
	return parts.filter((p) => p.length > 0);
}

/** Fewest characters a seam leaves after it: no row starts with a lone closing quote or bracket. */
const MIN_TAIL = 2;

/**
 * The soft points of a word: offsets after its soft characters. A run of them
 * is one seam, after its last (`http://`, `==`, `")]` stay whole), and no seam
 * leaves fewer than MIN_TAIL characters for the next row.
 */
function softPoints(word: string): number[] {
	const points: number[] = [];
	for (let i = 0; i < word.length - MIN_TAIL; i++) {
		const ch = word[i]!;
		const next = word[i + 1]!;
		if (SOFT_AFTER.test(next)) continue;
		if (SOFT_AFTER.test(ch) || (ch === '.' && LETTER.test(word[i - 1] ?? '') && LETTER.test(next))) points.push(i + 1);
	}
	return points;
}

/**
 * Whether the browser could break a piece of a word anywhere before its last
 * character. Blink and WebKit break inside a run of ASCII without spaces only
 * after `-` and `?` and before an opening bracket, and the Unicode rules only
 * around other punctuation, so letters, digits and `_`, with at most one
 * closing character after them, need no mark (`metadata:`, `gatewayclasses.`,
 * `crd/`, `name,`).
 */
function breakable(text: string): boolean {
	return !/^\w*[\w/=,:;&|?!)\]}.'"-]?$/.test(text);
}

/**
 * Pieces kept on one row: one highlighted run takes the mark on its own span;
 * several runs (or bare text) get a wrapping span. Every element costs the
 * browser style and layout work on a long page, so none is added that a
 * reader does not need.
 */
function whole(pieces: Piece[]): Element {
	const only = pieces.length === 1 ? pieces[0]! : undefined;
	if (only?.props) return h('span', { ...only.props, ...WHOLE }, only.text);
	return h('span', WHOLE, coalesce(pieces));
}

/** What a line is made of before its spans are drawn: runs of text, break opportunities, and words already kept whole. */
type Item = Piece | 'wbr' | Element;

/** A word as a reader must see it: as it is, whole, or pieces with a break opportunity between them. */
function word(pieces: Piece[]): Item[] {
	const text = pieces.map((p) => p.text).join('');
	if (text.length <= MAX_WHOLE) return breakable(text) ? [whole(pieces)] : pieces;
	const parts = cut(pieces, softPoints(text));
	return parts.flatMap((part, i) => {
		const partText = part.map((p) => p.text).join('');
		// A piece still too long for a row (no seam in it) may break anywhere rather than be hidden.
		const items: Item[] = partText.length <= MAX_WHOLE && breakable(partText) ? [whole(part)] : part;
		return i === 0 ? items : ['wbr', ...items];
	});
}

function sameProps(a: Properties | null, b: Properties | null): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Draws a line's items with as few spans as its colours need: neighbouring
 * runs of one colour share a span, with the spaces and `<wbr>` between them
 * (whitespace shows no colour, so it joins whichever span surrounds it).
 */
function coalesce(items: readonly Item[]): ElementContent[] {
	const out: ElementContent[] = [];
	let run: { props: Properties | null; children: ElementContent[] } | undefined;
	let between: ElementContent[] = [];
	const close = () => {
		if (run) out.push(...(run.props ? [h('span', { ...run.props }, run.children)] : run.children));
		out.push(...between);
		run = undefined;
		between = [];
	};
	for (const item of items) {
		if (item === 'wbr' || ('text' in item && /^\s+$/.test(item.text))) {
			const node: ElementContent = item === 'wbr' ? h('wbr') : { type: 'text', value: item.text };
			if (run) between.push(node);
			else out.push(node);
		} else if ('text' in item) {
			const node: ElementContent = { type: 'text', value: item.text };
			if (run && sameProps(run.props, item.props)) {
				run.children.push(...between, node);
				between = [];
			} else {
				close();
				run = { props: item.props, children: [node] };
			}
		} else {
			close();
			out.push(item);
		}
	}
	close();
	return out;
}

/**
 * Regroups a line's pieces into whitespace and words, drawn with as few spans
 * as its colours need. `plain` holds the block's foreground colour per style
 * variant (theme): text highlighted in exactly those colours is left bare.
 */
export function readableLine(children: ElementContent[], plain: readonly string[] = []): ElementContent[] | undefined {
	const pieces = piecesOf(children, plain);
	if (!pieces) return undefined;
	const items: Item[] = [];
	let current: Piece[] = [];
	const flush = () => {
		if (current.length) items.push(...word(current));
		current = [];
	};
	for (const piece of pieces) {
		for (const part of piece.text.split(/(\s+)/)) {
			if (!part) continue;
			if (/^\s+$/.test(part)) {
				flush();
				items.push({ text: part, props: null });
			} else current.push({ text: part, props: piece.props });
		}
	}
	flush();
	return coalesce(items);
}

/** The first `<pre>` at or under `node`, depth first (no CSS selector compiled for every block). */
function firstPre(node: Element): Element | undefined {
	if (node.tagName === 'pre') return node;
	for (const child of node.children) {
		const found = isElement(child) ? firstPre(child) : undefined;
		if (found) return found;
	}
	return undefined;
}

/** The text of a node as written, whitespace kept (hast-util-to-text would collapse it outside a `<pre>`). */
function textOf(node: ElementContent): string {
	return node.type === 'text' ? node.value : isElement(node) ? node.children.map(textOf).join('') : '';
}

/** Removes one inline property from an element, and its `style` attribute once empty (Expressive Code's setInlineStyle leaves `style=""`). */
function dropInlineStyle(node: Element, name: string): void {
	const styles = getInlineStyles(node);
	styles.delete(name);
	if (styles.size > 0) setInlineStyles(node, styles);
	else delete node.properties.style;
}

/**
 * The class of a wrapped line indented by `columns`: it gives the line the
 * `--ecIndent` Expressive Code would have set inline (indentation plus hanging
 * indent; labs.css moves the line in by it) and pulls the indentation's span
 * back by the indentation's width.
 */
export function indentClass(columns: number): string {
	return `ec-indent-${columns}`;
}

/** The rules of every indentation class, for Expressive Code's stylesheet (scoped there to `.expressive-code`). */
function indentRules(): string {
	return Array.from({ length: MAX_INDENT_CLASS }, (_, i) => {
		const line = `pre.wrap .ec-line.${indentClass(i + 1)}`;
		return `${line}{--ecIndent:${i + 1 + HANGING_INDENT}ch}${line}>.code>.indent{margin-inline-start:-${i + 1}ch}`;
	}).join('');
}

/**
 * The plugin: rewrites the code of each rendered line (the indentation span
 * Expressive Code adds is kept first, as is), and keeps the inline custom
 * properties Expressive Code sets for wrapped blocks off the page: an
 * indented line takes `--ecIndent` from indentClass instead (inline only past
 * MAX_INDENT_CLASS columns), an unindented line needs none (labs.css gives it
 * the hanging indent), and `--ecMaxLine` only fed a minimum width labs.css
 * sets to 0. Styles that differ from line to line cost a long page about a
 * fifth of its style pass: the browser cannot reuse one span's style for the
 * next.
 */
export function pluginReadableLines(): ExpressiveCodePlugin {
	return definePlugin({
		name: 'readable-lines',
		baseStyles: indentRules(),
		hooks: {
			postprocessRenderedLine: ({ renderData, styleVariants }) => {
				const line = renderData.lineAst;
				const ecIndent = getInlineStyles(line).get('--ecIndent');
				if (ecIndent === `${HANGING_INDENT}ch`) dropInlineStyle(line, '--ecIndent');
				const code = line.children.find((c): c is Element => isElement(c) && hasClass(c, 'code'));
				if (!code) return;
				const plain = styleVariants.map((v) => v.resolvedStyleSettings.get('codeForeground') ?? '');
				const indent = code.children[0] && isElement(code.children[0]) && hasClass(code.children[0], 'indent') ? [code.children[0]] : [];
				if (indent[0]) {
					// The line element moves the line in by its indentation; the indentation's own spaces start that much to the left.
					const text = textOf(indent[0]);
					if (text.length <= MAX_INDENT_CLASS && ecIndent === `${text.length + HANGING_INDENT}ch`) {
						dropInlineStyle(line, '--ecIndent');
						addClassName(line, indentClass(text.length));
					} else setInlineStyle(indent[0], 'margin-inline-start', `-${text.length}ch`);
					// Its spaces as bare text when no span in it draws anything (Shiki gives leading spaces the plain colour).
					if (piecesOf(indent[0].children, plain)?.every((p) => p.props === null)) indent[0].children = [{ type: 'text', value: text }];
				}
				const rest = readableLine(code.children.slice(indent.length), plain);
				if (rest) code.children = [...indent, ...rest];
			},
			postprocessRenderedBlock: ({ renderData }) => {
				const pre = firstPre(renderData.blockAst);
				if (pre) dropInlineStyle(pre, '--ecMaxLine');
			},
		},
	});
}
