/**
 * The page rules of the unit tier, as functions from a page (or the comparison
 * data) to problems in the extractor's LabProblem shape. pages.test.ts applies
 * them to tutorials/; pages-rules.test.ts proves each one on a bad fixture, so
 * a rule that silently stopped catching anything would fail there.
 */
import { readFile } from 'node:fs/promises';
import type { Lab } from '../../scripts/model/lab.ts';
import { findPages, formatProblem, readLab, type LabProblem } from '../../scripts/extract/index.ts';
import { evidenceHref, type ServiceKind } from '../../site/data/comparison.ts';
import { imagesInCommand, imagesInObject, unpinnedReason, type ImageUse } from './pages-images.ts';
import { brokenLinkReason, findInternalLinks, pageUrl, type SiteIndex } from './pages-links.ts';
import { validateManifestText } from './pages-manifests.ts';

const YAML_LANGS = new Set(['yaml', 'yml']);

/** The apiVersion/kind pairs of a lab's manifests, so their declarations can be loaded in one go. */
export function manifestKinds(lab: Lab): { apiVersion: string; kind: string }[] {
	const kinds: { apiVersion: string; kind: string }[] = [];
	for (const step of lab.steps) {
		if (step.kind !== 'file' || !YAML_LANGS.has(step.lang)) continue;
		for (const object of validateManifestText(step.content, { fields: false }).objects) {
			const { apiVersion, kind } = object as { apiVersion?: unknown; kind?: unknown };
			if (typeof apiVersion === 'string' && typeof kind === 'string') kinds.push({ apiVersion, kind });
		}
	}
	return kinds;
}

/** Every manifest a lab writes validates against the Kubernetes schema (kubernetes-models), unknown fields included. */
export function manifestProblems(lab: Lab): LabProblem[] {
	const problems: LabProblem[] = [];
	for (const step of lab.steps) {
		if (step.kind !== 'file' || !YAML_LANGS.has(step.lang)) continue;
		for (const p of validateManifestText(step.content).problems) {
			problems.push({
				file: lab.file,
				line: step.position.line + p.line,
				found: `${p.found} in ${step.path}`,
				expected: p.expected,
				hint: p.hint,
			});
		}
	}
	return problems;
}

/** Every image a lab names (lab.images, manifests, run commands) is pinned to a tag or digest. */
export function imageProblems(lab: Lab): LabProblem[] {
	const uses: (ImageUse & { line: number })[] = [];
	for (const image of lab.options.images) uses.push({ image, where: 'the lab.images frontmatter', line: 1 });
	for (const step of lab.steps) {
		if (step.kind === 'file' && YAML_LANGS.has(step.lang)) {
			for (const object of validateManifestText(step.content, { fields: false }).objects) {
				for (const image of imagesInObject(object)) uses.push({ image, where: `manifest ${step.path}`, line: step.position.line });
			}
		} else if (step.kind === 'run') {
			for (const image of imagesInCommand(step.command)) uses.push({ image, where: `run step ${step.index + 1}`, line: step.position.line });
		}
	}
	const problems: LabProblem[] = [];
	for (const use of uses) {
		const reason = unpinnedReason(use.image);
		if (!reason) continue;
		problems.push({
			file: lab.file,
			line: use.line,
			found: `image ${JSON.stringify(use.image)} in ${use.where}, which is not pinned: ${reason}`,
			expected: 'an image pinned to a version tag or a sha256 digest',
			hint: 'write the tag the lab was verified with, e.g. registry.k8s.io/e2e-test-images/agnhost:<tag>; never latest',
		});
	}
	return problems;
}

/** Every internal link of a page (and every StepOutput quote) reaches a page and, for #step-N, an existing run step. */
export function linkProblems(file: string, source: string, site: SiteIndex): LabProblem[] {
	const problems: LabProblem[] = [];
	for (const link of findInternalLinks(source)) {
		const reason = brokenLinkReason(link.href, site);
		if (!reason) continue;
		problems.push({
			file,
			line: link.line,
			found: `a link to ${link.href}: ${reason}`,
			expected: 'a link to an existing page, and for #step-N a step that page has',
			hint: 'open the target page, count its run steps (1-based, page order) and fix the number, or link the page without an anchor',
		});
	}
	return problems;
}

/** Every claim of the comparison data cites evidence, and every citation reaches an existing run step. */
export function evidenceProblems(kinds: ServiceKind[], site: SiteIndex, dataFile: string, dataSource: string): LabProblem[] {
	const problems: LabProblem[] = [];
	const lineOf = (needle: string): number => {
		let at = dataSource.indexOf(needle);
		if (at === -1) at = dataSource.indexOf(needle.replace(/'/g, "\\'")); // as written in a single-quoted string
		return at === -1 ? 1 : dataSource.slice(0, at).split('\n').length;
	};
	for (const kind of kinds) {
		const pageReason = brokenLinkReason(`/${kind.page}/`, site);
		if (pageReason) problems.push({ file: dataFile, line: lineOf(`page: '${kind.page}'`), found: `column ${kind.name} links /${kind.page}/: ${pageReason}`, expected: 'the page that teaches this kind', hint: 'fix the page path (tutorials/<page>.mdx)' });
		for (const [aspect, claim] of Object.entries(kind.cells)) {
			if (claim.evidence.length === 0) {
				problems.push({ file: dataFile, line: lineOf(claim.text), found: `${kind.name} / ${aspect}: a claim with no evidence`, expected: 'at least one lab step that shows the claim', hint: 'add { page, step, shows } pointing at the step whose output proves it' });
			}
			for (const evidence of claim.evidence) {
				const reason = brokenLinkReason(evidenceHref(evidence), site);
				if (reason) {
					problems.push({
						file: dataFile,
						line: lineOf(evidence.shows),
						found: `${kind.name} / ${aspect} cites ${evidenceHref(evidence)}: ${reason}`,
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
						found: `${kind.name} / ${aspect} cites ${evidenceHref(evidence)}, whose expected output does not contain ${JSON.stringify(evidence.match)}`,
						expected: 'the cited step to be the one that shows the claim',
						hint: 'the page was probably renumbered: find the step that contains the match text and cite its number',
					});
				}
			}
		}
	}
	return problems;
}

/** A page, its source, and its lab (null for a plain page) or the extractor's error. */
export interface LoadedPage {
	file: string;
	source: string;
	lab: Lab | null;
	error?: unknown;
}

/** Reads and extracts every page under `root`, keeping extraction errors instead of throwing. */
export async function loadPages(root = 'tutorials'): Promise<LoadedPage[]> {
	const pages: LoadedPage[] = [];
	for (const file of await findPages(root)) {
		const source = await readFile(file, 'utf8');
		try {
			pages.push({ file, source, lab: await readLab(file) });
		} catch (error) {
			pages.push({ file, source, lab: null, error });
		}
	}
	return pages;
}

/** The URL → page index the link rules check against. */
export function siteIndex(pages: LoadedPage[], root = 'tutorials'): SiteIndex {
	return new Map(
		pages.map((p) => [
			pageUrl(p.file, root),
			{ file: p.file, runs: p.lab?.runs.length ?? 0, stepTexts: (p.lab?.runs ?? []).map((r) => r.expect?.text ?? r.command) },
		]),
	);
}

/** Renders problems as the extractor does, one block per problem, for assertion messages. */
export function report(problems: LabProblem[]): string {
	return problems.map(formatProblem).join('\n');
}
