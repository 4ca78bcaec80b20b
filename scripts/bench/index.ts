/**
 * `npm run bench`: what the site costs beside a bare Starlight build of the
 * same pages, measured in one run and printed as one table (figures, never
 * pass/fail; the goals are shown beside them):
 * - build time, ours and bare (cold builds, alternated, BENCH_REPS (5) pairs;
 *   the ratio is the median of the pairs' ratios);
 * - per page, the bytes a reader downloads before touching anything, ours and bare;
 * - per page, Lighthouse's four scores and cumulative layout shift, ours and bare,
 *   BENCH_LIGHTHOUSE_RUNS (5) runs each, alternated (each variant first in turn);
 *   with `--control`, bare is also served a second time and scored alongside as
 *   a third variant, so the run shows how often an identical build "loses" to bare;
 * - the lab engine (scripts/bench/engine.ts).
 * The site is built, served and looked at through scripts/site-harness, as in the site tests.
 * Flags: `--readme` writes the table into README.md's Figures section; `--control` adds
 * the control above; `--no-lighthouse`, `--no-engine`, `--engine-only` skip parts.
 */
import { cpus, loadavg } from 'node:os';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSite } from '../site-harness/build.ts';
import { sitePages } from '../site-harness/pages.ts';
import { serveSite } from '../site-harness/serve.ts';
import { runEngineBench } from './engine.ts';
import { measureSiteBytes, type PageBytes } from './site-bytes.ts';
import { medianRun, openLighthouse, type LighthouseRun } from './site-lighthouse.ts';
import { makeBare, snapshotProject } from './site-projects.ts';
import { writeFigures } from './site-readme.ts';
import { formatTable, kB, median, seconds, type TableRow } from './site-table.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Every bench file lives here (git-ignored); the projects are inside the repo so packages resolve. */
const BENCH_DIR = path.join(ROOT, '.artifacts', 'bench');
/** Cold builds per variant for the ratio (alternated ours, bare, ours, bare, …). */
const REPS = Number(process.env.BENCH_REPS ?? 5);
/**
 * Lighthouse runs per page and variant; medians are reported. On a shared two-CPU machine one page's
 * performance score moves by ±4 points run to run (same build), so a median of 3 often flips on noise.
 */
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5);

const args = new Set(process.argv.slice(2));
const log = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** The two builds compared, each a frozen copy of the project under BENCH_DIR. */
const VARIANTS = { ours: path.join(BENCH_DIR, 'ours'), bare: path.join(BENCH_DIR, 'bare') } as const;
type Variant = keyof typeof VARIANTS;
/** What Lighthouse scores: the two builds, and with `--control` bare's build served again (the noise floor). */
type Scored = Variant | 'control';
/** Where each scored variant is served; the control only with `--control`. */
type ScoredUrls = Record<Variant, string> & { control?: string };

async function htmlPages(dist: string): Promise<number> {
	return (await readdir(dist, { recursive: true })).filter((name) => String(name).endsWith('.html')).length;
}

async function buildRows(rows: TableRow[]): Promise<void> {
	log('copying the project (ours) and making the bare Starlight variant');
	await snapshotProject(ROOT, VARIANTS.ours);
	await snapshotProject(ROOT, VARIANTS.bare);
	const stubbed = await makeBare(VARIANTS.bare);
	const times: Record<Variant, number[]> = { ours: [], bare: [] };
	for (let rep = 1; rep <= REPS; rep += 1) {
		for (const variant of ['ours', 'bare'] as const) {
			const root = VARIANTS[variant];
			const { ms } = await buildSite({ root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache') });
			times[variant].push(ms);
			log(`build ${variant} #${rep}: ${seconds(ms)}`);
		}
	}
	// Each of our builds is paired with the bare build right after it, so a pair shares the machine's load.
	const ratios = times.ours.map((t, i) => t / times.bare[i]!);
	const pages = `${await htmlPages(path.join(VARIANTS.ours, 'dist'))} / ${await htmlPages(path.join(VARIANTS.bare, 'dist'))} HTML pages`;
	rows.push({
		area: 'build',
		measure: 'cold build, ours / bare',
		figure: `${seconds(median(times.ours))} / ${seconds(median(times.bare))}, ratio ${median(ratios).toFixed(2)}`,
		goal: 'ratio ≤ 1.15',
		how: `medians of ${REPS} alternated builds (${pages}); ratio = median of the pairs' (${ratios.map((r) => r.toFixed(2)).join(', ')}); bare: default Expressive Code, no overrides, CSS, endpoints or integrations of ours; stubbed: ${stubbed.join(', ') || 'none'}`,
	});
}

const gzipKB = (p: PageBytes) => `HTML ${kB(p.html.gzip)} · CSS ${kB(p.css.gzip)} · JS ${kB(p.js.gzip)}`;
const rawTotal = (p: PageBytes) => kB(p.html.raw + p.css.raw + p.js.raw);

async function bytesRows(rows: TableRow[], urls: Record<Variant, string>, paths: readonly string[]): Promise<void> {
	log(`measuring the bytes of ${paths.length} pages, ours and bare`);
	const ours = await measureSiteBytes(urls.ours, paths);
	const bare = new Map((await measureSiteBytes(urls.bare, paths)).pages.map((p) => [p.path, p]));
	for (const p of ours.pages) {
		const b = bare.get(p.path)!;
		rows.push({
			area: 'bytes',
			measure: p.path,
			figure: `ours ${gzipKB(p)}; bare ${gzipKB(b)}`,
			how: `gzip; raw HTML+CSS+JS: ours ${rawTotal(p)}, bare ${rawTotal(b)}`,
		});
	}
}

const scoreText = (run: LighthouseRun, perf: number) =>
	run.error ? `no score (${run.error})` : `P ${perf} · A ${run.scores.accessibility ?? '–'} · BP ${run.scores['best-practices'] ?? '–'} · SEO ${run.scores.seo ?? '–'}`;
const perfOf = (runs: readonly LighthouseRun[]) => runs.flatMap((r) => r.scores.performance ?? []);
const maxCls = (runs: readonly LighthouseRun[]) => Math.max(...runs.flatMap((r) => r.cls ?? []));

/**
 * Lighthouse on every page, ours and bare, alternated run by run so both see
 * the same machine load, each going first in turn. Per variant: the median
 * performance score, the other scores of the median run, and the largest
 * layout shift of any run.
 */
async function lighthouseRows(rows: TableRow[], urls: ScoredUrls, paths: readonly string[]): Promise<void> {
	const scored = Object.keys(urls) as Scored[];
	log(`Lighthouse on ${paths.length} pages, ${scored.join(', ')}, ${LIGHTHOUSE_RUNS} run(s) each`);
	const lh = await openLighthouse();
	const speeds: number[] = [];
	let atLeastBare = 0;
	let controlAtLeastBare = 0;
	// Ours against the control page by page: at parity, as often lower as higher.
	const oursVsControl = { lower: 0, higher: 0, equal: 0 };
	let turn = 0;
	try {
		for (const sitePath of paths) {
			const runs: Record<Scored, LighthouseRun[]> = { ours: [], bare: [], control: [] };
			for (let i = 0; i < LIGHTHOUSE_RUNS; i += 1) {
				// Each variant goes first in turn.
				const first = turn++ % scored.length;
				for (const variant of [...scored.slice(first), ...scored.slice(0, first)]) runs[variant].push(await lh.run(new URL(sitePath, urls[variant]).href));
			}
			for (const r of Object.values(runs).flat()) if (r.benchmarkIndex) speeds.push(r.benchmarkIndex);
			const perf = { ours: median(perfOf(runs.ours)), bare: median(perfOf(runs.bare)) };
			if (perf.ours >= perf.bare) atLeastBare += 1;
			const control = runs.control.length ? median(perfOf(runs.control)) : undefined;
			if (control !== undefined) {
				if (control >= perf.bare) controlAtLeastBare += 1;
				oursVsControl[perf.ours < control ? 'lower' : perf.ours > control ? 'higher' : 'equal'] += 1;
			}
			log(`Lighthouse ${sitePath}: performance median ours ${perf.ours}, bare ${perf.bare}${control === undefined ? '' : `, control ${control}`}`);
			// The performance audits below 100 are the metrics P already sums up; the others say what to fix.
			const below = medianRun(runs.ours).failing.filter((audit) => !audit.startsWith('performance:'));
			rows.push({
				area: 'lighthouse',
				measure: sitePath,
				figure: `ours ${scoreText(medianRun(runs.ours), perf.ours)} · CLS ${maxCls(runs.ours).toFixed(3)}; bare ${scoreText(medianRun(runs.bare), perf.bare)} · CLS ${maxCls(runs.bare).toFixed(3)}`,
				goal: 'P ≥ bare; A, BP, SEO 100; CLS 0',
				how: `P: median of ${LIGHTHOUSE_RUNS} (ours ${perfOf(runs.ours).join(', ')}; bare ${perfOf(runs.bare).join(', ')}${control === undefined ? '' : `; control ${control}: ${perfOf(runs.control).join(', ')}`}); CLS: largest of the runs${below.length ? `; ours' audits below 100: ${below.join(', ')}` : ''}`,
			});
		}
	} finally {
		await lh.close();
	}
	rows.push({
		area: 'lighthouse',
		measure: 'pages where our performance median ≥ bare',
		figure: `${atLeastBare} of ${paths.length}`,
		goal: `${paths.length} of ${paths.length}`,
		how: `${urls.control ? `control (bare's build served again, scored alongside): its median ≥ bare's on ${controlAtLeastBare} of ${paths.length}; ours' median against the control's: lower on ${oursVsControl.lower}, higher on ${oursVsControl.higher}, equal on ${oursVsControl.equal}; ` : ''}machine speed during the runs: benchmarkIndex ${Math.min(...speeds).toFixed(0)}–${Math.max(...speeds).toFixed(0)} (Lighthouse's 4× slowdown assumes ~1,000–2,000; lower means slower runs)`,
	});
}

async function pageRows(rows: TableRow[]): Promise<void> {
	const paths = (await sitePages(path.join(VARIANTS.ours, 'dist'), VARIANTS.ours)).map((p) => p.path);
	const servers = { ours: await serveSite(path.join(VARIANTS.ours, 'dist')), bare: await serveSite(path.join(VARIANTS.bare, 'dist')) };
	// The control is the same files from a second server: another origin, so nothing is shared with bare's runs.
	const control = args.has('--control') ? await serveSite(path.join(VARIANTS.bare, 'dist')) : undefined;
	const urls: ScoredUrls = { ours: servers.ours.url, bare: servers.bare.url, ...(control ? { control: control.url } : {}) };
	try {
		await bytesRows(rows, urls, paths);
		if (!args.has('--no-lighthouse')) await lighthouseRows(rows, urls, paths);
	} finally {
		await servers.ours.close();
		await servers.bare.close();
		await control?.close();
	}
}

async function engineRows(rows: TableRow[]): Promise<void> {
	log('lab engine (scripts/bench/engine.ts)');
	const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
	for (const r of await runEngineBench()) {
		rows.push({
			area: 'engine',
			measure: r.baseline ? `${r.name} vs ${r.baseline.name}` : r.name,
			figure: `${fmt(r.value)} ${r.unit}${r.baseline ? ` vs ${fmt(r.baseline.value)} ${r.unit}` : ''}${r.ratio === undefined ? '' : ` (ratio ${r.ratio.toFixed(2)})`}`,
			how: `${r.note}; ${r.samples} samples`,
		});
	}
}

/** The README's Figures section around the table. */
function readmeSection(table: string, when: string, took: string, load: string): string {
	const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
	return [
		'## Figures',
		'',
		`Produced by \`${command}\` on ${when} (${took}, ${cpus().length} CPUs shared with other work, load average ${load}, so timings are noisy).`,
		'Figures, not pass/fail: goals are shown beside them. "bare" is plain Starlight over the same pages, built and measured in the same run.',
		'',
		table,
		'',
		'Reading the figures:',
		"- build: cold builds (fresh Astro cache) of frozen copies of the project, ours and bare alternated. Ours compiles MDX with Astro's `optimize` (static parts as HTML strings, CONTRIBUTING); bare keeps Starlight's defaults.",
		"- bytes: what Chromium fetched for the page with no interaction, until the network was idle after an idle callback, gzip-compressed at zlib's default level. Pagefind's search UI (~94 kB raw) loads only when a reader goes to search (site/search/); bare Starlight loads it on every page at idle.",
		"- lighthouse: default settings (mobile, simulated slow 4G, 4× CPU slowdown); P performance, A accessibility, BP best practices. Both sites are served by the same server (scripts/site-harness/serve.ts, gzip or brotli like a static host). Runs alternate ours and bare, each going first in turn. The performance score depends on CPU time, so it moves with the load of this shared machine; with `--control`, bare's build is served a second time and scored alongside, and the last lighthouse row says on how many pages that identical build's median is ≥ bare's (what the figure reads at parity) and how ours' medians fall against the control's (at parity, as often lower as higher).",
	].join('\n');
}

async function main(): Promise<void> {
	const started = Date.now();
	const loadAtStart = loadavg()[0]!;
	await mkdir(BENCH_DIR, { recursive: true });
	const rows: TableRow[] = [];
	if (!args.has('--engine-only')) {
		await buildRows(rows);
		await pageRows(rows);
	}
	if (!args.has('--no-engine')) await engineRows(rows);
	const table = formatTable(rows);
	const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
	const took = `${((Date.now() - started) / 60000).toFixed(1)} min`;
	process.stdout.write(`${table}\n\nMeasured ${when} in ${took} on ${cpus().length} CPU(s).\n`);
	const temp = path.join(BENCH_DIR, `latest.md.${process.pid}.tmp`);
	await writeFile(temp, `${table}\n`);
	await rename(temp, path.join(BENCH_DIR, 'latest.md'));
	if (args.has('--readme')) {
		const load = `${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`;
		await writeFigures(path.join(ROOT, 'README.md'), readmeSection(table, when, took, load));
		log('README.md Figures section updated');
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
