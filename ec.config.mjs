// @ts-check
import { defineEcConfig } from 'astro-expressive-code';

/**
 * Expressive Code configuration (the supported place for plugins with
 * Starlight). Astro loads this file twice: natively in Node when the
 * integration starts (Markdown/MDX code blocks), and through Vite for the
 * <Code> component. Vite compiles TypeScript itself; natively, the lab
 * engine's TypeScript uses syntax Node's type stripping refuses, so it is
 * loaded through tsx there.
 */
async function loadPlugin() {
	const entry = './site/expressive-code/lab-outputs.ts';
	if (import.meta.env) return /** @type {typeof import('./site/expressive-code/lab-outputs.ts')} */ (await import('./site/expressive-code/lab-outputs.ts'));
	const { tsImport } = await import('tsx/esm/api');
	return /** @type {typeof import('./site/expressive-code/lab-outputs.ts')} */ (await tsImport(entry, import.meta.url));
}

const { pluginLabOutputs } = await loadPlugin();

export default defineEcConfig({
	plugins: [pluginLabOutputs()],
	// The lab engine hashes code with tabs expanded to 2 spaces (scripts/extract/normalise-code.ts).
	tabWidth: 2,
	frames: {
		// The copy button must copy exactly the command the runner runs, comments included.
		removeCommentsWhenCopyingTerminalFrames: false,
	},
});
