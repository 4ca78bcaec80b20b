// @ts-check
import { defineEcConfig } from 'astro-expressive-code';

/**
 * Expressive Code configuration (the supported place for plugins with
 * Starlight). Astro loads this file twice: natively in Node when the
 * integration starts (Markdown/MDX code blocks), and through Vite for the
 * <Code> component. Lab blocks are Markdown fences only (the extractor never
 * sees a <Code> component), so the lab plugin is loaded natively alone: Vite
 * defines import.meta.env, Node does not. The plugin's TypeScript is imported
 * directly (Node >= 22.18 strips the types); only an older Node without type
 * stripping falls back to compiling it through tsx, which costs seconds.
 */
/** @param {string} file */
async function load(file) {
	try {
		return await import(/* @vite-ignore */ file);
	} catch (error) {
		if (!(error instanceof Error) || !/Unknown file extension|ERR_UNKNOWN_FILE_EXTENSION|strip/i.test(`${error.message} ${/** @type {any} */ (error).code}`)) throw error;
		const { tsImport } = await import('tsx/esm/api');
		return tsImport(file, import.meta.url);
	}
}

/** The lab plugin (lab pages' Markdown fences only, loaded natively). */
async function labPlugins() {
	const { pluginLabOutputs } = /** @type {typeof import('./site/expressive-code/lab-outputs.ts')} */ (await load('./site/expressive-code/lab-outputs.ts'));
	return [pluginLabOutputs()];
}

/**
 * Lines that wrap between words only: for every block, fences and <Code>
 * components alike (the lab summary's set-up is one), so it loads in both
 * passes; it imports nothing but Expressive Code.
 */
const { pluginReadableLines, HANGING_INDENT } = /** @type {typeof import('./site/expressive-code/readable-lines.ts')} */ (
	import.meta.env ? await import('./site/expressive-code/readable-lines.ts') : await load('./site/expressive-code/readable-lines.ts')
);
/** Token colours as classes, for every block; last, after every plugin that colours a token. */
const { pluginTokenClasses } = /** @type {typeof import('./site/expressive-code/token-classes.ts')} */ (
	import.meta.env ? await import('./site/expressive-code/token-classes.ts') : await load('./site/expressive-code/token-classes.ts')
);

export default defineEcConfig({
	plugins: [pluginReadableLines(), ...(import.meta.env ? [] : await labPlugins()), pluginTokenClasses()],
	// The lab engine hashes code with tabs expanded to 2 spaces (scripts/extract/normalise-code.ts).
	tabWidth: 2,
	// Long lines wrap instead of scrolling sideways: no hidden part of a command on a phone, and
	// no scroll container a keyboard user has to reach. The wrapped part of a line is indented two
	// columns past the line's own indentation, where site/styles/labs.css marks its rows.
	defaultProps: { wrap: true, preserveIndent: true, hangingIndent: HANGING_INDENT },
	// No `all: revert` on every element of a block: rolling back every property of every span made the
	// style pass of a long page ~7% slower, and Starlight's content styles skip blocks (`not-content`).
	useStyleReset: false,
	frames: {
		// The copy button must copy exactly the command the runner runs, comments included.
		removeCommentsWhenCopyingTerminalFrames: false,
	},
});
