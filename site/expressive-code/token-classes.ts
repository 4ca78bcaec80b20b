/**
 * Expressive Code plugin that gives syntax-highlighting spans classes instead
 * of inline styles. Expressive Code writes each token's colour per theme as
 * `style="--0:#ECC48D;--1:#984E4D"`; a long lab page has over a thousand such
 * spans in about a dozen distinct pairs. Every inline style is a declaration
 * block of its own that the browser parses and that keeps siblings from
 * sharing computed style, so a phone pays for it in the first style pass. As
 * classes (`ec0-ecc48d ec1-984e4d`) the colours are rules in Expressive
 * Code's one cached stylesheet, switched by theme exactly as the engine
 * switches its own token rule.
 *
 * A span keeps its inline style when it holds anything but token colours or
 * a colour outside the themes' palettes, so what is drawn never changes.
 *
 * Used for every code block (ec.config.mjs), after every plugin that colours
 * tokens.
 */
import { definePlugin, type ExpressiveCodePlugin, type StyleVariant } from '@expressive-code/core';
import { getInlineStyles, type Element, type ElementContent } from '@expressive-code/core/hast';

/** The class that draws a token in style variant `variant` (0 the base theme) with `colour`. */
export function tokenClass(variant: number, colour: string): string {
	return `ec${variant}-${colour.slice(1).toLowerCase()}`;
}

const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/** Every foreground colour a theme draws tokens in, lower case: its default and each of its token rules'. */
function palette(variant: StyleVariant): Set<string> {
	const { theme } = variant;
	const colours = [theme.fg, ...theme.settings.map((rule) => rule.settings?.foreground)];
	return new Set(colours.filter((c): c is string => typeof c === 'string' && HEX.test(c)).map((c) => c.toLowerCase()));
}

/**
 * The rules for every palette colour of every style variant, for Expressive
 * Code's stylesheet. The selectors mirror the engine's own rule for token
 * spans (`getThemeStyles` in @expressive-code/core) with Starlight's theme
 * selector (`[data-theme='dark' | 'light']` on `:root` or on a block): the
 * base theme everywhere and inside a block marked with it; another theme
 * under a root or a block marked with it, and the first theme of the other
 * type also under the colour-scheme media query. Each is one class more
 * specific than the engine's `:where()`, so the browser files the rule under
 * its class and tries it on that class's spans only.
 */
function tokenRules(variants: readonly StyleVariant[]): string {
	const mark = (v: StyleVariant) => `[data-theme='${v.theme.type}']`;
	const base = mark(variants[0]!);
	const other = variants.findIndex((v) => v.theme.type !== variants[0]!.theme.type);
	const plain: string[] = [];
	const media: string[] = [];
	variants.forEach((variant, index) => {
		const own = mark(variant);
		for (const colour of palette(variant)) {
			const token = `.ec-line .${tokenClass(index, colour)}`;
			const selectors =
				index === 0
					? [`.expressive-code ${token}`, `:root:not(${base}) .expressive-code${base} ${token}`]
					: [`:root${own} .expressive-code:not(${base}) ${token}`, `.expressive-code${own} ${token}`];
			plain.push(`${selectors.join(',')}{color:${colour}}`);
			if (index === other) media.push(`:root:not(${base}) .expressive-code ${token}{color:${colour}}`);
		}
	});
	return plain.join('') + (media.length ? `@media (prefers-color-scheme:${variants[other]!.theme.type}){${media.join('')}}` : '');
}

/**
 * The classes that stand for `element`'s inline style, or undefined when the
 * style holds anything but one palette colour per style variant.
 */
function classesFor(element: Element, palettes: readonly Set<string>[]): string[] | undefined {
	if (typeof element.properties.style !== 'string' || element.properties.className !== undefined) return undefined;
	const styles = getInlineStyles(element);
	if (styles.size !== palettes.length) return undefined;
	const classes: string[] = [];
	for (const [index, colours] of palettes.entries()) {
		const colour = styles.get(`--${index}`)?.toLowerCase();
		if (colour === undefined || !colours.has(colour)) return undefined;
		classes.push(tokenClass(index, colour));
	}
	return classes;
}

function reclass(nodes: ElementContent[], palettes: readonly Set<string>[]): void {
	for (const node of nodes) {
		if (node.type !== 'element') continue;
		const classes = node.tagName === 'span' ? classesFor(node, palettes) : undefined;
		if (classes) {
			delete node.properties.style;
			node.properties.className = classes;
		}
		reclass(node.children, palettes);
	}
}

/** The plugin: token spans' colours as classes, the classes' rules in the base styles. */
export function pluginTokenClasses(): ExpressiveCodePlugin {
	let palettes: Set<string>[] | undefined;
	return definePlugin({
		name: 'token-classes',
		baseStyles: ({ styleVariants }) => `@at-root{${tokenRules(styleVariants)}}`,
		hooks: {
			postprocessRenderedBlock: ({ renderData, styleVariants }) => {
				palettes ??= styleVariants.map(palette);
				reclass(renderData.blockAst.children, palettes);
			},
		},
	});
}
