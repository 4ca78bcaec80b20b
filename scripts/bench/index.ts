/**
 * `npm run bench`: what the site costs, measured side by side in one run and
 * printed as one table (figures, never pass/fail):
 * - build time of the whole site vs a bare Starlight build of the same pages
 *   (cold builds, alternated, BENCH_REPS (5) pairs, median of the pairs' ratios; goal ≤ 1.15);
 * - per page HTML, CSS and eager JS bytes (raw and gzip), and the site's total eager JS;
 * - Lighthouse scores per page (goal 100 each), median of BENCH_LIGHTHOUSE_RUNS (3) runs,
 *   beside bare Starlight's performance score for the same page;
 * - build time with 10, 50 and 200 generated lab pages (one build each);
 * - the lab engine's rows (scripts/bench/engine.ts, E2) when that file exists.
 * `npm run bench -- --readme` also writes the table into README.md's Figures section.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sitePages } from '../../tests/site/support/site-pages.ts';
import { serveStatic } from '../../tests/site/support/static-server.ts';
import { buildSite } from './site-build.ts';
import { measureSiteBytes, type Bytes } from './site-bytes.ts';
import { LIGHTHOUSE_CATEGORIES, medianRun, openLighthouse, type LighthouseRun } from './site-lighthouse.ts';
import { makeBare, makeScaled, snapshotProject } from './site-projects.ts';
import { writeFigures } from './site-readme.ts';
import { formatTable, kB, median, seconds, type TableRow } from './site-table.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Every bench file lives here (git-ignored); the projects are inside the repo so packages resolve. */
const BENCH_DIR = path.join(ROOT, '.artifacts', 'bench');
/** Cold builds per variant for the ratio (alternated full, bare, full, bare, …). */
const REPS = Number(process.env.BENCH_REPS ?? 5);
/** Lighthouse runs per page and variant; the median run is reported (Lighthouse varies run to run). */
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
/** Generated lab pages per scaling build; one build each (they are the slow ones). */
const SCALES = (process.env.BENCH_SCALES ?? '10,50,200').split(',').map(Number);

const args = new Set(process.argv.slice(2));
const log = (text: string) => process.stderr.write(`bench: ${text}\n`);

function bytes(b: Bytes): string {
	return `${kB(b.raw)} / ${kB(b.gzip)}`;
}

/** How many HTML pages a build wrote (to show both variants built the same pages). */
async function htmlPages(dist: string): Promise<number> {
	const entries = await readdir(dist, { recursive: true, withFileTypes: true });
	return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).length;
}

async function buildTimes(rows: TableRow[]): Promise<string> {
	const full = path.join(BENCH_DIR, 'full');
	const bare = path.join(BENCH_DIR, 'bare');
	log('snapshotting the project (full) and making the bare Starlight variant');
	await snapshotProject(ROOT, full);
	await snapshotProject(ROOT, bare);
	const stubbed = await makeBare(bare);
	const times = { full: [] as number[], bare: [] as number[] };
	for (let rep = 1; rep <= REPS; rep += 1) {
		for (const variant of ['full', 'bare'] as const) {
			const root = variant === 'full' ? full : bare;
			const { ms } = await buildSite({ root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache') });
			times[variant].push(ms);
			log(`build ${variant} #${rep}: ${seconds(ms)}`);
		}
	}
	const pages = { full: await htmlPages(path.join(full, 'dist')), bare: await htmlPages(path.join(bare, 'dist')) };
	// Each full build is paired with the bare build right after it, so a pair shares the machine's
	// load; the ratio is the median of the pairs' ratios (other work on a shared machine moves
	// single builds by a second or more, in both directions).
	const ratios = times.full.map((f, i) => f / times.bare[i]!);
	const f = median(times.full);
	const b = median(times.bare);
	rows.push({
		area: 'build',
		measure: 'whole site (our plugin, components, endpoints)',
		figure: `${seconds(f)} (${pages.full} HTML pages)`,
		how: `median of ${REPS} cold builds, alternated with bare (all: ${times.full.map(seconds).join(', ')})`,
	});
	rows.push({
		area: 'build',
		measure: 'bare Starlight, same pages',
		figure: `${seconds(b)} (${pages.bare} HTML pages)`,
		how: `median of ${REPS} (all: ${times.bare.map(seconds).join(', ')}); default Expressive Code, no overrides/CSS/integrations; stubbed: ${stubbed.join(', ') || 'none'}`,
	});
	rows.push({
		area: 'build',
		measure: 'ratio whole / bare',
		figure: median(ratios).toFixed(2),
		goal: '≤ 1.15',
		how: `median of the ${REPS} back-to-back pairs' ratios (all: ${ratios.map((r) => r.toFixed(2)).join(', ')})`,
	});
	return full;
}

async function pageFigures(rows: TableRow[], full: string, bare: string): Promise<void> {
	const dist = path.join(full, 'dist');
	const pages = await sitePages(dist, full);
	const server = await serveStatic(dist);
	const bareServer = await serveStatic(path.join(bare, 'dist'));
	try {
		log(`measuring bytes of ${pages.length} pages`);
		const site = await measureSiteBytes(server.url, pages.map((p) => p.path));
		for (const p of site.pages) {
			rows.push({
				area: 'bytes',
				measure: p.path,
				figure: `HTML ${bytes(p.html)} · CSS ${bytes(p.css)} · JS ${bytes(p.js)}`,
				how: 'raw / gzip; eager = loaded with no interaction, until network idle',
			});
		}
		rows.push({
			area: 'bytes',
			measure: 'site total eager JS',
			figure: bytes(site.totalJs),
			how: `${site.totalJs.files} distinct scripts over all pages, each counted once`,
		});
		if (args.has('--no-lighthouse')) return;
		await lighthouseRows(rows, server.url, bareServer.url, pages.map((p) => p.path));
	} finally {
		await server.close();
		await bareServer.close();
	}
}

const perf = (runs: readonly LighthouseRun[]) => runs.map((r) => r.scores.performance ?? '–').join(', ');

/**
 * Lighthouse on every page of our build and of the bare Starlight build of the
 * same pages, alternated page by page and run by run, so both see the same
 * machine load. Ours is scored in all four categories, bare in performance
 * only (the comparison that tells what our additions cost a reader).
 */
async function lighthouseRows(rows: TableRow[], ours: string, bare: string, paths: readonly string[]): Promise<void> {
	log(`Lighthouse on ${paths.length} pages, ours and bare Starlight, ${LIGHTHOUSE_RUNS} run(s) each`);
	const lh = await openLighthouse();
	const speeds: number[] = [];
	try {
		for (const sitePath of paths) {
			const runs = { ours: [] as LighthouseRun[], bare: [] as LighthouseRun[] };
			for (let i = 0; i < LIGHTHOUSE_RUNS; i += 1) {
				runs.ours.push(await lh.run(new URL(sitePath, ours).href));
				runs.bare.push(await lh.run(new URL(sitePath, bare).href, ['performance']));
			}
			for (const r of [...runs.ours, ...runs.bare]) if (r.benchmarkIndex) speeds.push(r.benchmarkIndex);
			const m = medianRun(runs.ours);
			const b = medianRun(runs.bare);
			const scores = m.error ? `no score: ${m.error}` : LIGHTHOUSE_CATEGORIES.map((c) => `${c} ${m.scores[c] ?? '–'}`).join(' · ');
			rows.push({
				area: 'lighthouse',
				measure: sitePath,
				figure: `${scores} (bare Starlight: performance ${b.scores.performance ?? '–'})`,
				goal: '100 each',
				how:
					`median of ${LIGHTHOUSE_RUNS} runs; performance, all runs: ours ${perf(runs.ours)}, bare ${perf(runs.bare)}` +
					(m.failing.length ? `; below 100 in the median run: ${m.failing.join(', ')}` : ''),
			});
		}
	} finally {
		await lh.close();
	}
	if (speeds.length) {
		rows.push({
			area: 'lighthouse',
			measure: 'machine speed during the runs',
			figure: `benchmarkIndex ${Math.min(...speeds).toFixed(0)}–${Math.max(...speeds).toFixed(0)}`,
			how: "Lighthouse's CPU benchmark; its 4× slowdown assumes a fast desktop (~1,000–2,000); lower means slower runs and lower performance scores",
		});
	}
}

async function scaling(rows: TableRow[], full: string): Promise<void> {
	let first: { count: number; ms: number } | undefined;
	for (const count of SCALES) {
		const root = path.join(BENCH_DIR, `scale-${count}`);
		await cp(full, root, { recursive: true, filter: (src) => !/[/\\](dist|\.cache)$/.test(src) });
		await makeScaled(root, count);
		const { ms } = await buildSite({ root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache') });
		log(`build with ${count} generated lab pages: ${seconds(ms)}`);
		rows.push({
			area: 'scaling',
			measure: `${count} generated lab pages`,
			figure: first ? `${seconds(ms)} (+${((ms - first.ms) / (count - first.count)).toFixed(0)} ms per page added since ${first.count})` : seconds(ms),
			how: 'one cold build, whole site config, pages in the sidebar; each: 1 file + 5 run steps, no recorded outputs',
		});
		first ??= { count, ms };
	}
}

/** E2's engine rows, when scripts/bench/engine.ts exists, so the whole bench is one command. */
async function engineRows(rows: TableRow[]): Promise<void> {
	const file = path.join(ROOT, 'scripts', 'bench', 'engine.ts');
	if (!existsSync(file)) {
		rows.push({ area: 'engine', measure: 'lab engine', figure: 'not measured: scripts/bench/engine.ts does not exist yet' });
		return;
	}
	type EngineRow = { name: string; value: number; unit: string; baseline?: { name: string; value: number }; ratio?: number; samples: number; note: string };
	const engine = (await import(pathToFileURL(file).href)) as { runEngineBench?: () => Promise<EngineRow[]> };
	if (typeof engine.runEngineBench !== 'function') {
		rows.push({ area: 'engine', measure: 'lab engine', figure: 'not measured: scripts/bench/engine.ts exports no runEngineBench()' });
		return;
	}
	log('lab engine (scripts/bench/engine.ts)');
	try {
		const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
		for (const r of await engine.runEngineBench()) {
			rows.push({
				area: 'engine',
				measure: r.baseline ? `${r.name} vs ${r.baseline.name}` : r.name,
				figure: `${fmt(r.value)} ${r.unit}${r.baseline ? ` vs ${fmt(r.baseline.value)} ${r.unit}` : ''}${r.ratio === undefined ? '' : ` (ratio ${r.ratio.toFixed(2)})`}`,
				how: `${r.note}; ${r.samples} samples`,
			});
		}
	} catch (error) {
		rows.push({ area: 'engine', measure: 'lab engine', figure: `not measured: ${(error as Error).message.split('\n')[0]}` });
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	await mkdir(BENCH_DIR, { recursive: true });
	const rows: TableRow[] = [];
	const full = await buildTimes(rows);
	await pageFigures(rows, full, path.join(BENCH_DIR, 'bare'));
	if (!args.has('--no-scaling')) await scaling(rows, full);
	if (!args.has('--no-engine')) await engineRows(rows);
	const table = formatTable(rows);
	const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
	const took = `${((Date.now() - started) / 60000).toFixed(1)} min`;
	process.stdout.write(`${table}\n\nMeasured ${when} in ${took} on ${(await import('node:os')).cpus().length} CPU(s).\n`);
	const temp = path.join(BENCH_DIR, `latest.md.${process.pid}.tmp`);
	await writeFile(temp, `${table}\n`);
	await rename(temp, path.join(BENCH_DIR, 'latest.md'));
	if (args.has('--readme')) {
		const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
		const section = [
			'## Figures',
			'',
			`Produced by \`${command}\` on ${when} (${took}, ${(await import('node:os')).cpus().length} CPUs shared with other work, so timings are noisy).`,
			'Figures, not pass/fail: goals are shown beside them. Bytes are raw / gzip.',
			'',
			table,
			'',
			'Reading the figures:',
			"- build: cold builds (fresh Astro cache) of a frozen copy of the project, each followed by a build of the bare variant; the ratio is the median of those pairs' ratios.",
			"- bytes: what Chromium fetched for the page with no interaction, until the network was idle after an idle callback. Pagefind's search UI (~94 kB raw) and the search index load only when a reader goes to search (site/search/deferred-pagefind-ui.ts); bare Starlight loads the UI on every page at idle.",
			"- lighthouse: default settings (mobile, simulated slow 4G, 4× CPU slowdown), the median of several runs per page, and the bare Starlight build of the same page scored in the same runs. The performance score depends on CPU time, so it moves with the load of this shared machine (see the benchmarkIndex row). Every block of a page's content is laid out only when the reader nears it (`content-visibility: auto`, site/styles/labs.css); lab pages link Expressive Code's stylesheet once and start only the table of contents shown at the reader's width (CONTRIBUTING.md, \"What keeps a long lab page light on a phone\"). What remains of the blocking time is the first style pass over the whole page (~30 ms unthrottled here on a long lab page, which content-visibility does not shorten), counted when it lands after the simulated first paint.",
			'- scaling: generated lab pages (1 manifest + 5 run steps each) with the whole site configuration; every page also lists all pages in its sidebar.',
		].join('\n');
		await writeFigures(path.join(ROOT, 'README.md'), section);
		log('README.md Figures section updated');
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
