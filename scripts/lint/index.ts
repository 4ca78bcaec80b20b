/**
 * The page rules beyond the authoring contract the extractor enforces: every
 * manifest fits the Kubernetes schema, every image is pinned, every internal
 * link reaches a page and a step, every lab has a namespace of its own, and no
 * step probes traffic right after changing routing without retry=. `npm run
 * extract` runs them on the pages it checks; the unit tier runs them on every
 * page and proves each on a bad fixture. Problems come in the extractor's
 * shape (file, line, found, expected, hint).
 */
import { formatProblem, type LabProblem } from '../extract/errors.ts';
import type { ReadPage } from '../extract/index.ts';
import { imageProblems } from './images.ts';
import { linkProblems, type SiteIndex } from './links.ts';
import { manifestProblems, prepareManifests } from './manifests.ts';
import { namespaceProblems } from './namespaces.ts';
import { probeRetryProblems } from './probe-retry.ts';

export { evidenceProblems, type ClaimColumn } from './evidence.ts';
export { siteIndex, type SiteIndex } from './links.ts';
export { prepareManifests } from './manifests.ts';
export { imageProblems, linkProblems, manifestProblems, namespaceProblems, probeRetryProblems };

/**
 * Every rule's problems for `pages` (labs and plain pages), sorted by file and
 * line. Links are checked against `site`; namespaces also against `others`,
 * the site's pages that are not being checked now.
 */
export async function lintPages(pages: readonly ReadPage[], site: SiteIndex, others: readonly ReadPage[] = []): Promise<LabProblem[]> {
	const labs = pages.flatMap((p) => (p.lab ? [p.lab] : []));
	await prepareManifests(labs);
	const problems = [
		...pages.flatMap((p) => linkProblems(p.file, p.source, site)),
		...labs.flatMap((lab) => [...manifestProblems(lab), ...imageProblems(lab), ...probeRetryProblems(lab)]),
		...namespaceProblems(pages, others),
	];
	return problems.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

/** Problems rendered as the extractor renders them, one block each (empty when there are none). */
export function report(problems: readonly LabProblem[]): string {
	return problems.map(formatProblem).join('\n');
}
