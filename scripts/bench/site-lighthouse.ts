import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../site-harness/chromium.ts';

/** The four Lighthouse categories the goals name, in the order the table prints them. */
export const LIGHTHOUSE_CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/** One category's name. */
export type LighthouseCategory = (typeof LIGHTHOUSE_CATEGORIES)[number];

/** One Lighthouse run of one page. */
export interface LighthouseRun {
	/** Category scores 0–100 (null when not scored). */
	scores: Record<LighthouseCategory, number | null>;
	/** Cumulative layout shift (null when not measured). */
	cls: number | null;
	/** Weighted audits that did not pass, as `category: audit id`, to say what keeps a score below 100. */
	failing: string[];
	/** Lighthouse's measure of this machine's CPU speed during the run (higher is faster; ~1,000+ is a fast desktop). */
	benchmarkIndex: number | null;
	/** Why the page has no scores (Lighthouse's runtime error), if it has none. */
	error?: string;
}

/**
 * The run with the median performance score (Lighthouse's own advice for its
 * variance: run several times, report the median run, not a best one).
 */
export function medianRun(runs: readonly LighthouseRun[]): LighthouseRun {
	if (runs.length === 0) throw new Error('medianRun: no runs');
	const sorted = [...runs].sort((a, b) => (a.scores.performance ?? -1) - (b.scores.performance ?? -1));
	return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * One Chromium (Debian's, with the sandbox's flags and a throwaway profile,
 * launched by chrome-launcher) that scores pages one after another with
 * Lighthouse's default configuration: mobile form factor, simulated slow-4G
 * throttling and a 4× CPU slowdown, the strict setting. Call close() when done.
 */
export async function openLighthouse(): Promise<{ run(url: string): Promise<LighthouseRun>; close(): Promise<void> }> {
	const userDataDir = await mkdtemp(path.join(tmpdir(), 'bench-lighthouse-'));
	const chrome = await launch({
		chromePath: CHROMIUM_PATH,
		chromeFlags: [...CHROMIUM_FLAGS, '--headless=new'],
		userDataDir,
		logLevel: 'silent',
	});
	const none = (): LighthouseRun['scores'] => ({ performance: null, accessibility: null, 'best-practices': null, seo: null });
	return {
		async run(url) {
			let runner: Awaited<ReturnType<typeof lighthouse>>;
			try {
				runner = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...LIGHTHOUSE_CATEGORIES] });
			} catch (error) {
				// One page Lighthouse cannot run is a figure ("no score"), not the end of the bench.
				return { scores: none(), cls: null, failing: [], benchmarkIndex: null, error: (error as Error).message.split('\n')[0] ?? 'failed' };
			}
			const lhr = runner?.lhr;
			const scores = none();
			const failing: string[] = [];
			for (const category of LIGHTHOUSE_CATEGORIES) {
				const s = lhr?.categories[category]?.score;
				scores[category] = typeof s === 'number' ? Math.round(s * 100) : null;
				for (const ref of lhr?.categories[category]?.auditRefs ?? []) {
					const audit = lhr?.audits[ref.id];
					if (ref.weight > 0 && audit && typeof audit.score === 'number' && audit.score < 1) failing.push(`${category}: ${ref.id}`);
				}
			}
			return {
				scores,
				cls: lhr?.audits['cumulative-layout-shift']?.numericValue ?? null,
				failing,
				benchmarkIndex: lhr?.environment.benchmarkIndex ?? null,
				...(lhr?.runtimeError ? { error: lhr.runtimeError.message } : {}),
			};
		},
		async close() {
			chrome.kill();
			await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
		},
	};
}
