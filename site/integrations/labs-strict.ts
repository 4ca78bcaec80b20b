/**
 * Strict mode for public CI after verification: `LABS_STRICT=1 npm run build`
 * fails, listing every run step that is not a fresh output of a real k3s run
 * (file:line, step N, state). Without LABS_STRICT the build passes and the
 * pages label each step honestly instead. The checks (site/labs/strict.ts) are
 * imported only in strict mode: Astro loads this file with its config on every
 * command, and an ordinary build should not pay for loading the extractor here.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** The environment variable that turns strict mode on (value "1"). */
export const STRICT_ENV = 'LABS_STRICT';

/** The error message of a strict build that found problems. */
export function strictFailure(problems: readonly string[]): string {
	return (
		`${STRICT_ENV}=1: ${problems.length} run ${problems.length === 1 ? 'step is' : 'steps are'} not verified on k3s; expected every step to show a fresh output of a k3s run:\n` +
		problems.map((p) => `  ${p}`).join('\n') +
		'\n  hint: run the labs on a cluster (npm run verify) and commit their .outputs.json, or build without LABS_STRICT to label them honestly.'
	);
}

/** The Astro integration (registered in astro.config.mjs). */
export function labsStrict(): AstroIntegration {
	return {
		name: 'labs-strict',
		hooks: {
			'astro:config:setup': async ({ command, config, logger }) => {
				if (command !== 'build' || process.env[STRICT_ENV] !== '1') return;
				const { collectStrictProblems } = await import('../labs/strict.ts');
				const problems = await collectStrictProblems(fileURLToPath(config.root));
				if (problems.length) throw new Error(strictFailure(problems));
				logger.info('every run step shows a fresh output of a k3s run');
			},
		},
	};
}
