/**
 * What strict mode checks (site/integrations/labs-strict.ts): every run step of
 * every page must show a fresh output of a real k3s run.
 */
import path from 'node:path';
import { findPages } from '../../scripts/extract/find-pages.ts';
import { loadPageLab, TUTORIALS_DIR, type LoadOptions } from './page-lab.ts';
import { STRICT_ENV } from '../integrations/labs-strict.ts';
import { strictProblems } from './status.ts';

/** Every strict-mode problem of the pages under `<root>/tutorials`, one line each, in page order. */
export async function collectStrictProblems(root: string, options: LoadOptions = {}): Promise<string[]> {
	const pages = await findPages(path.join(root, TUTORIALS_DIR));
	const problems: string[] = [];
	for (const page of pages) {
		const file = path.relative(root, path.resolve(page)).split(path.sep).join('/');
		const lab = await loadPageLab(file, { ...options, root });
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
