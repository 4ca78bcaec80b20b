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
async function loadPlugin() {
	try {
		return /** @type {typeof import('./site/expressive-code/lab-outputs.ts')} */ (await import('./site/expressive-code/lab-outputs.ts'));
	} catch (error) {
		if (!(error instanceof Error) || !/Unknown file extension|ERR_UNKNOWN_FILE_EXTENSION|strip/i.test(`${error.message} ${/** @type {any} */ (error).code}`)) throw error;
		const { tsImport } = await import('tsx/esm/api');
		return /** @type {typeof import('./site/expressive-code/lab-outputs.ts')} */ (await tsImport('./site/expressive-code/lab-outputs.ts', import.meta.url));
	}
}

export default defineEcConfig({
	plugins: import.meta.env ? [] : [(await loadPlugin()).pluginLabOutputs()],
	// The lab engine hashes code with tabs expanded to 2 spaces (scripts/extract/normalise-code.ts).
	tabWidth: 2,
	// Long lines wrap (indented under their own line) instead of scrolling sideways: no hidden
	// part of a command on a phone, and no scroll container a keyboard user has to reach.
	defaultProps: { wrap: true, preserveIndent: true },
	frames: {
		// The copy button must copy exactly the command the runner runs, comments included.
		removeCommentsWhenCopyingTerminalFrames: false,
	},
});
