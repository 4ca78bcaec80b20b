/**
 * Data for the two Astro shells outside the plugin: the lab summary of a page
 * and a quoted step (StepOutput). Kept here, in plain TypeScript, so the
 * shells hold no logic and the logic is unit-tested.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Element } from '@expressive-code/core/hast';
import { k3sStepNumbers, needsTraefik } from '../../scripts/model/k3s-features.ts';
import { bundlePath, pageSlug, pageUrl, resolvePage } from '../../scripts/model/pages.ts';
import { loadPageLab, type LoadOptions, type PageLab } from './page-lab.ts';
import { outputPanel, stepAnchor } from './panel.ts';
import { labSummary, type LabSummaryView } from './status.ts';

/** Options for building links: the site's base path ('' at the root). */
export interface LinkOptions extends LoadOptions {
	base?: string;
}

/** What LabSummary shows, or null for a plain page or an entry without a source file (e.g. the 404 page). */
export interface SummaryData {
	page: PageLab;
	summary: LabSummaryView;
	/** The page's slug, e.g. services/clusterip: the name of its bundle. */
	slug: string;
	/** The lab bundle built by site/pages/labs/, e.g. /labs/services/clusterip.tar.gz. */
	bundleHref: string;
	/** The page that explains the panel labels (tutorials/start/reading.mdx). */
	labelsHref: string;
	/** Each step marked `k3s` (needs k3s itself): its number and its anchor on the page. */
	k3sSteps: Array<{ number: number; href: string }>;
	/** The lab keeps k3s's bundled Traefik (lab.k3sArgs), which its steps need. */
	needsTraefik: boolean;
}

/** Where the labels of the output panels are explained to readers. */
export const LABELS_PAGE = '/start/reading/#what-the-labels-mean';

/** The summary of the page at `filePath` (relative to the project root). */
export async function summaryFor(filePath: string, options: LinkOptions = {}): Promise<SummaryData | null> {
	const root = options.root ?? process.cwd();
	if (!existsSync(path.resolve(root, filePath))) return null;
	const page = await loadPageLab(filePath, options);
	if (!page) return null;
	const base = options.base ?? '';
	return {
		page,
		summary: labSummary(page.lab, page.record),
		slug: pageSlug(filePath),
		bundleHref: `${base}${bundlePath(filePath)}`,
		labelsHref: `${base}${LABELS_PAGE}`,
		k3sSteps: k3sStepNumbers(page.lab).map((number) => ({ number, href: `#${stepAnchor(number)}` })),
		needsTraefik: needsTraefik(page.lab.options),
	};
}

/**
 * The panel of step `step` (1-based) of the page `slug`, with a link back to
 * it. Throws, naming the page and the steps it has, for a bad reference.
 */
export async function quotedStep(slug: string, step: number, options: LinkOptions = {}): Promise<Element> {
	const file = resolvePage(slug, options.root);
	const page = await loadPageLab(file, options);
	if (!page) {
		throw new Error(`${file}: found a plain page (no \`lab:\` frontmatter, no run steps); expected a lab for <StepOutput page="${slug}" step={${step}} />.\n  hint: quote a step of a lab page.`);
	}
	const view = page.views[step - 1];
	if (!Number.isInteger(step) || !view) {
		throw new Error(
			`${file}: found no step ${step}; expected a step number from 1 to ${page.views.length} for <StepOutput page="${slug}" />.\n  hint: steps are the page's run blocks, numbered in page order.`,
		);
	}
	const title = page.lab.title || slug;
	return outputPanel(view, {
		source: { href: `${options.base ?? ''}${pageUrl(file)}#${stepAnchor(step)}`, text: `${title}, step ${step}` },
	});
}
