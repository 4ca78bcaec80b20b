/**
 * Strict mode for public CI after verification: `LABS_STRICT=1 npm run build`
 * fails, listing every run step that is not a fresh output of a real k3s run
 * (file:line, step N, state). Without LABS_STRICT the build passes and the
 * pages label each step honestly instead.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { findPages } from '../../scripts/extract/index.ts';
import { loadPageLab, TUTORIALS_DIR, type LoadOptions } from '../labs/page-lab.ts';
import { strictProblems } from '../labs/status.ts';

/** The environment variable that turns strict mode on (value "1"). */
export const STRICT_ENV = 'LABS_STRICT';

/** Every strict-mode problem of the pages under `<root>/tutorials`, one line each, in page order. */
export async function collectStrictProblems(root: string, options: LoadOptions = {}): Promise<string[]> {
	const pages = await findPages(path.join(root, TUTORIALS_DIR));
	const problems: string[] = [];
	for (const page of pages) {
		const file = path.relative(root, path.resolve(page)).split(path.sep).join('/');
		const lab = loadPageLab(file, { ...options, root });
		if (lab) problems.push(...strictProblems(lab.lab, lab.record));
	}
	return problems;
}

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
				const problems = await collectStrictProblems(fileURLToPath(config.root));
				if (problems.length) throw new Error(strictFailure(problems));
				logger.info('every run step shows a fresh output of a k3s run');
			},
		},
	};
}
