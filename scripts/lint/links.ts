/**
 * Links between pages. The comparison table and the misconceptions page cite
 * lab steps as evidence (`/services/clusterip/#step-3`); when an author
 * reorders a lab, step 3 may silently become some other command, or vanish.
 * This rule finds such links and checks them against the pages' real steps.
 */
import type { LabProblem } from '../extract/errors.ts';
import type { ReadPage } from '../extract/index.ts';
import { pageUrl, TUTORIALS_DIR } from '../model/pages.ts';

/** An internal link found in a page, with the 1-based line it sits on. */
export interface FoundLink {
	href: string;
	line: number;
}

/** What a link target must match: each page's URL path, how many run steps it has, and each step's expected output (its command where it has none). */
export type SiteIndex = Map<string, { file: string; runs: number; stepTexts?: string[] }>;

/**
 * Internal links in an MDX source: Markdown links `[t](/x/#step-3)`, `href="/x/"`
 * attributes, and `<StepOutput page="x" step={3} />` quotes (as `/x/#step-3`).
 * External links and in-page anchors are left alone.
 */
export function findInternalLinks(source: string): FoundLink[] {
	const links: FoundLink[] = [];
	const lines = source.split('\n');
	lines.forEach((text, i) => {
		for (const m of text.matchAll(/\]\((\/[^)\s]*)\)|href=["'](\/[^"']*)["']/g)) links.push({ href: (m[1] ?? m[2])!, line: i + 1 });
		for (const m of text.matchAll(/<StepOutput\b[^>]*>/g)) {
			const page = /\bpage=["']([^"']+)["']/.exec(m[0])?.[1];
			const step = /\bstep=\{?["']?(\d+)/.exec(m[0])?.[1];
			links.push({ href: `/${page ?? '(missing page)'}/#step-${step ?? '(missing step)'}`, line: i + 1 });
		}
	});
	return links;
}

/**
 * Why a link is broken, or undefined when its page exists and, for a
 * `#step-N` anchor, that page has at least N run steps.
 */
export function brokenLinkReason(href: string, site: SiteIndex): string | undefined {
	const [rawPath = '', anchor] = href.split('#');
	const path = rawPath.endsWith('/') ? rawPath : `${rawPath}/`;
	const page = site.get(path);
	if (!page) return `no page is served at ${path} (pages: ${[...site.keys()].sort().join(', ')})`;
	if (anchor === undefined || !anchor.startsWith('step-')) return undefined;
	const n = Number(anchor.slice('step-'.length));
	if (!Number.isInteger(n) || n < 1) return `#${anchor} is not a step anchor (expected #step-1 … #step-${page.runs})`;
	if (n > page.runs) return `${page.file} has ${page.runs} run step${page.runs === 1 ? '' : 's'}, so #step-${n} does not exist`;
	return undefined;
}

/** The URL → page index links are checked against, from pages read under `pagesDir`. */
export function siteIndex(pages: readonly ReadPage[], pagesDir = TUTORIALS_DIR): SiteIndex {
	return new Map(
		pages.map((p) => [
			pageUrl(p.file, pagesDir),
			{ file: p.file, runs: p.lab?.runs.length ?? 0, stepTexts: (p.lab?.runs ?? []).map((r) => r.expect?.text ?? r.command) },
		]),
	);
}

/** Every internal link of a page (and every StepOutput quote) reaches a page and, for #step-N, an existing run step. */
export function linkProblems(file: string, source: string, site: SiteIndex): LabProblem[] {
	return findInternalLinks(source).flatMap((link) => {
		const reason = brokenLinkReason(link.href, site);
		return reason
			? [
					{
						file,
						line: link.line,
						found: `a link to ${link.href}: ${reason}`,
						expected: 'a link to an existing page, and for #step-N a step that page has',
						hint: 'open the target page, count its run steps (1-based, page order) and fix the number, or link the page without an anchor',
					},
				]
			: [];
	});
}
