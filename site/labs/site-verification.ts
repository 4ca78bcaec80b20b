/**
 * How many run steps of the site's labs are verified on k3s in this build, per
 * lab page and in total. The figures come from the same records, read by the
 * same reader and judged by the same staleness rule as the output panels
 * (pageLabs → labViews), so a headline can never claim more than the panels
 * show. VerifiedCount.astro renders them on the home page, the reading page and
 * "How the outputs are verified".
 */
import { pageUrl } from '../../scripts/model/pages.ts';
import { pageLabs, type LoadOptions, type PageLab } from './page-lab.ts';
import type { StatusIcon } from './status.ts';

/** The figures of one lab page. */
export interface PageVerification {
	/** The page's source, relative to the project root. */
	file: string;
	/** Where the site serves it, e.g. `/services/clusterip/`. */
	url: string;
	/** The page's title. */
	title: string;
	/** Run steps on the page. */
	steps: number;
	/** Run steps whose panel shows a fresh output of a k3s run (a docker record never counts). */
	verified: number;
	/** Run steps marked `k3s`: they need k3s itself, not just any conformant cluster. */
	k3sOnly: number;
}

/** The figures of every lab page of the build, and their sums. */
export interface SiteVerification {
	pages: PageVerification[];
	steps: number;
	verified: number;
}

/** The sidebar's groups, in reading order: the table lists pages group by group. */
const GROUP_ORDER = ['start', 'services', 'deeper', 'beyond', 'reference'];

/** A page's position in reading order by its folder under tutorials/ (unknown folders last). */
function groupRank(file: string): number {
	const group = file.split('/')[1] ?? '';
	const rank = GROUP_ORDER.indexOf(group);
	return rank === -1 ? GROUP_ORDER.length : rank;
}

/** Counts one lab page's steps, verified steps and k3s-only steps from its step views. */
export function pageVerification(page: PageLab): PageVerification {
	return {
		file: page.lab.file,
		url: pageUrl(page.lab.file),
		title: page.lab.title || page.lab.file,
		steps: page.views.length,
		verified: page.views.filter((v) => v.verifiedOnK3s).length,
		k3sOnly: page.lab.runs.filter((r) => r.options.k3s).length,
	};
}

/** Sums the figures of the given lab pages, listed in the sidebar's group order. */
export function summarise(labs: PageLab[]): SiteVerification {
	const pages = labs.map(pageVerification).sort((a, b) => groupRank(a.file) - groupRank(b.file) || a.file.localeCompare(b.file));
	return {
		pages,
		steps: pages.reduce((n, p) => n + p.steps, 0),
		verified: pages.reduce((n, p) => n + p.verified, 0),
	};
}

/** The figures of every lab page under `<root>/tutorials`, computed when the site is built. */
export async function siteVerification(options: LoadOptions = {}): Promise<SiteVerification> {
	return summarise(await pageLabs(options));
}

/**
 * The sentence the site states about itself, and the icon beside it, e.g.
 * "0 of 126 steps verified on a k3s cluster in this build: every panel shows the
 * output its page expects".
 */
export function verifiedSentence(figures: Pick<SiteVerification, 'steps' | 'verified'>): { icon: StatusIcon; text: string } {
	const { steps, verified } = figures;
	if (steps === 0) return { icon: 'expected', text: 'This build has no lab steps' };
	const count = `${verified} of ${steps} ${steps === 1 ? 'step' : 'steps'} verified on a k3s cluster in this build`;
	if (verified === 0) return { icon: 'expected', text: `${count}: every panel shows the output its page expects, not yet confirmed by a run` };
	if (verified < steps) return { icon: 'stale', text: `${count}; the other ${steps - verified} show the outputs their pages expect` };
	return { icon: 'verified', text: count };
}
