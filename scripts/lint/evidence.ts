/**
 * The comparison table's citations (site/data/comparison.ts): every claim
 * cites a lab step, and every citation must reach a run step that exists and
 * still shows the claim. Typed structurally, so the rule does not import the
 * site's data module; the unit tier passes the table in.
 */
import type { LabProblem } from '../extract/errors.ts';
import { brokenLinkReason, type SiteIndex } from './links.ts';

/** A claim of the table and the steps that show it (the shape of site/data/comparison.ts). */
export interface CitedClaim {
	text: string;
	evidence: { page: string; step: number; shows: string; match: string }[];
}

/** A column of the table: a kind of Service, its page, and one claim per aspect. */
export interface ClaimColumn {
	name: string;
	page: string;
	cells: Record<string, CitedClaim>;
}

/** Every claim cites evidence, and every citation reaches an existing run step whose expected output contains its `match`. */
export function evidenceProblems(columns: readonly ClaimColumn[], site: SiteIndex, dataFile: string, dataSource: string): LabProblem[] {
	const problems: LabProblem[] = [];
	const lineOf = (needle: string): number => {
		let at = dataSource.indexOf(needle);
		if (at === -1) at = dataSource.indexOf(needle.replace(/'/g, "\\'")); // as written in a single-quoted string
		return at === -1 ? 1 : dataSource.slice(0, at).split('\n').length;
	};
	for (const column of columns) {
		const pageReason = brokenLinkReason(`/${column.page}/`, site);
		if (pageReason) problems.push({ file: dataFile, line: lineOf(`page: '${column.page}'`), found: `column ${column.name} links /${column.page}/: ${pageReason}`, expected: 'the page that teaches this kind', hint: 'fix the page path (tutorials/<page>.mdx)' });
		for (const [aspect, claim] of Object.entries(column.cells)) {
			if (claim.evidence.length === 0) {
				problems.push({ file: dataFile, line: lineOf(claim.text), found: `${column.name} / ${aspect}: a claim with no evidence`, expected: 'at least one lab step that shows the claim', hint: 'add { page, step, shows } pointing at the step whose output proves it' });
			}
			for (const evidence of claim.evidence) {
				const href = `/${evidence.page}/#step-${evidence.step}`;
				const reason = brokenLinkReason(href, site);
				if (reason) {
					problems.push({
						file: dataFile,
						line: lineOf(evidence.shows),
						found: `${column.name} / ${aspect} cites ${href}: ${reason}`,
						expected: 'a citation of an existing run step',
						hint: 'read the cited page and use the number of the step whose output shows the claim',
					});
					continue;
				}
				// The step exists; it must still be the step meant, not one that moved into its number.
				const text = site.get(`/${evidence.page}/`)?.stepTexts?.[evidence.step - 1] ?? '';
				if (!text.includes(evidence.match)) {
					problems.push({
						file: dataFile,
						line: lineOf(evidence.shows),
						found: `${column.name} / ${aspect} cites ${href}, whose expected output does not contain ${JSON.stringify(evidence.match)}`,
						expected: 'the cited step to be the one that shows the claim',
						hint: 'the page was probably renumbered: find the step that contains the match text and cite its number',
					});
				}
			}
		}
	}
	return problems;
}
