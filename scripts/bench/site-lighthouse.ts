import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_FLAGS } from '../../tests/site/support/browser.ts';
import { CHROMIUM_PATH } from '../../tests/support/prereq.ts';

/** The four Lighthouse categories the goal names, in the order the table prints them. */
export const LIGHTHOUSE_CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/** One page's category scores, 0–100 (null when Lighthouse could not score it). */
export interface LighthouseScores {
	path: string;
	scores: Record<(typeof LIGHTHOUSE_CATEGORIES)[number], number | null>;
	/** Weighted audits that did not pass, as `category: audit id`, to say what keeps a score below 100. */
	failing: string[];
	/** Why a page has no scores (Lighthouse's runtime error), if it has none. */
	error?: string;
}

/**
 * Scores every page with Lighthouse's default configuration (mobile form
 * factor, simulated slow-4G throttling: the strict one) in Debian's Chromium,
 * launched by chrome-launcher with the sandbox's flags and a throwaway profile.
 * Pages run one after another in one browser.
 */
export async function lighthouseScores(baseUrl: string, paths: readonly string[]): Promise<LighthouseScores[]> {
	const userDataDir = await mkdtemp(path.join(tmpdir(), 'bench-lighthouse-'));
	const chrome = await launch({
		chromePath: CHROMIUM_PATH,
		chromeFlags: [...CHROMIUM_FLAGS, '--headless=new'],
		userDataDir,
		logLevel: 'silent',
	});
	const results: LighthouseScores[] = [];
	try {
		for (const sitePath of paths) {
			let runner: Awaited<ReturnType<typeof lighthouse>>;
			try {
				runner = await lighthouse(new URL(sitePath, baseUrl).href, {
					port: chrome.port,
					output: 'json',
					logLevel: 'error',
					onlyCategories: [...LIGHTHOUSE_CATEGORIES],
				});
			} catch (error) {
				// One page Lighthouse cannot run is a figure ("no score"), not the end of the bench.
				const none = { performance: null, accessibility: null, 'best-practices': null, seo: null };
				results.push({ path: sitePath, scores: none, failing: [], error: (error as Error).message.split('\n')[0] ?? 'failed' });
				continue;
			}
			const lhr = runner?.lhr;
			const score = (c: string) => {
				const s = lhr?.categories[c]?.score;
				return typeof s === 'number' ? Math.round(s * 100) : null;
			};
			const failing: string[] = [];
			for (const category of LIGHTHOUSE_CATEGORIES) {
				for (const ref of lhr?.categories[category]?.auditRefs ?? []) {
					const audit = lhr?.audits[ref.id];
					if (ref.weight > 0 && audit && typeof audit.score === 'number' && audit.score < 1) failing.push(`${category}: ${ref.id}`);
				}
			}
			results.push({
				path: sitePath,
				failing,
				scores: {
					performance: score('performance'),
					accessibility: score('accessibility'),
					'best-practices': score('best-practices'),
					seo: score('seo'),
				},
				...(lhr?.runtimeError ? { error: lhr.runtimeError.message } : {}),
			});
		}
	} finally {
		chrome.kill();
		await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
	}
	return results;
}

