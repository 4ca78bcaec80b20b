/**
 * Engine benchmarks, in one run:
 * 1. per-step overhead of the lab engine (session script, docker exec through
 *    Testcontainers, timeout watch, check) against a raw `docker exec` of the
 *    same command in the same kind of container, as a ratio;
 * 2. extraction throughput (pages per second) over tutorials/ plus generated pages.
 *
 * scripts/bench/index.ts prints the rows beside the site's (`npm run bench:engine`
 * for these alone).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { checkStep } from '../check/index.ts';
import { extractLab, findPages } from '../extract/index.ts';
import { k3sImage } from '../model/k3s-image.ts';
import type { Lab } from '../model/lab.ts';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../run/busybox-image.ts';
import { DockerTarget } from '../run/docker-target.ts';
import { runLab } from '../run/runner.ts';
import { median } from './site-table.ts';

const run = promisify(execFile);

/**
 * One measured figure. Rows with a baseline compare two ways of doing the same
 * thing (ratio = value / baseline.value, so 1.3 means 30 % slower).
 */
export interface BenchRow {
	/** What was measured, e.g. "engine step (docker target)". */
	name: string;
	/** The figure: a median for timings, a rate for throughput. */
	value: number;
	/** Unit of value and baseline.value, e.g. "ms/step" or "pages/s". */
	unit: string;
	/** What value is compared with, in the same unit. */
	baseline?: { name: string; value: number };
	/** value / baseline.value, when there is a baseline. */
	ratio?: number;
	/** How many repetitions (steps, page extractions) the figure rests on. */
	samples: number;
	/** How it was measured, in a few words. */
	note: string;
}

/** Options of runEngineBench. */
export interface EngineBenchOptions {
	/** Steps timed on each side. @default 40 */
	steps?: number;
	/** Generated pages added to tutorials/ for the extraction figure. @default 200 */
	generatedPages?: number;
	/** Minimum time spent extracting, for a stable rate. @default 2000 */
	extractionMs?: number;
}

/** The command both sides run: trivial, so what is measured is the overhead around it. */
const COMMAND = 'echo hello';

/** A lab of n identical steps, built the way pages are: through the extractor. */
function stepLab(n: number): Lab {
	const body = Array.from({ length: n }, () => `\`\`\`bash run\n${COMMAND}\n\`\`\`\n\n\`\`\`text expect\nhello\n\`\`\`\n`).join('\n');
	const page = `---\ntitle: bench\nlab:\n  namespace: bench\n---\n\n${body}`;
	const lab = extractLab('bench/steps.mdx', page, { image: BUSYBOX_IMAGE });
	if (!lab) throw new Error('bench: the generated step lab has no run steps');
	return lab;
}

/** Per-step wall time through the whole engine: from the runner's step-start to its step-done (exec + check). */
async function engineStepTimes(n: number): Promise<number[]> {
	const started = new Map<number, number>();
	const times: number[] = [];
	const result = await runLab(stepLab(n + 3), new DockerTarget(), {
		check: checkStep,
		onEvent: (e) => {
			if (e.type === 'step-start') started.set(e.step.index, performance.now());
			if (e.type === 'step-done') times.push(performance.now() - (started.get(e.outcome.step.index) ?? 0));
		},
	});
	if (!result.ok) throw new Error(`bench: the engine's step lab failed: ${JSON.stringify(result.failure)}`);
	return times.slice(3); // the first steps warm up the exec path
}

/** Per-step wall time of a raw `docker exec <container> sh -c COMMAND` in a container of the same image. */
async function rawExecTimes(n: number): Promise<number[]> {
	const target = new DockerTarget();
	await target.start();
	try {
		const times: number[] = [];
		for (let i = 0; i < n + 3; i++) {
			const t0 = performance.now();
			const { stdout } = await run('docker', ['exec', target.containerId, 'sh', '-c', COMMAND]);
			if (stdout !== 'hello\n') throw new Error(`bench: raw docker exec printed ${JSON.stringify(stdout)}`);
			times.push(performance.now() - t0);
		}
		return times.slice(3);
	} finally {
		await target.stop();
	}
}

/** Per-step wall time of the same command through the engine's exec path (Docker API) without the session or the check. */
async function apiExecTimes(n: number): Promise<number[]> {
	const target = new DockerTarget();
	await target.start();
	try {
		const times: number[] = [];
		for (let i = 0; i < n + 3; i++) {
			const t0 = performance.now();
			const r = await target.exec(COMMAND, 60_000);
			if (r.output !== 'hello\n') throw new Error(`bench: API exec printed ${JSON.stringify(r.output)}`);
			times.push(performance.now() - t0);
		}
		return times.slice(3);
	} finally {
		await target.stop();
	}
}

/** A generated page with files, run steps and expectations, like a real lab page. */
function generatedPage(i: number): string {
	const steps = Array.from({ length: 8 }, (_, s) =>
		[
			`\`\`\`yaml file=app-${s}.yaml`,
			'apiVersion: v1',
			'kind: Service',
			`metadata: { name: echo-${s} }`,
			'spec: { selector: { app: echo }, ports: [{ port: 80, targetPort: 8080 }] }',
			'```',
			'',
			'```bash run',
			`kubectl apply -f app-${s}.yaml`,
			'```',
			'',
			'```text expect',
			`service/echo-${s} created`,
			'```',
			'',
			'Some prose about the step, with a [link](/services/clusterip/) and `code`.',
			'',
		].join('\n'),
	).join('\n');
	return `---\ntitle: Generated ${i}\nlab:\n  namespace: gen-${i}\n---\n\nIntro.\n\n${steps}`;
}

/** Pages per second of extractLab over tutorials/ plus generated pages, sources already in memory. */
async function extractionRate(generated: number, minMs: number): Promise<{ rate: number; samples: number; pages: number }> {
	const pages: { file: string; source: string }[] = [];
	for (const file of await findPages('tutorials').catch(() => [] as string[])) {
		pages.push({ file, source: await readFile(file, 'utf8') });
	}
	for (let i = 0; i < generated; i++) pages.push({ file: `generated/page-${i}.mdx`, source: generatedPage(i) });
	const image = k3sImage();
	let extracted = 0;
	const t0 = performance.now();
	while (performance.now() - t0 < minMs) {
		for (const page of pages) {
			try {
				extractLab(page.file, page.source, { image });
			} catch {
				// A page with bad input is still a page parsed; the bench measures speed, not validity.
			}
			extracted++;
		}
	}
	return { rate: extracted / ((performance.now() - t0) / 1000), samples: extracted, pages: pages.length };
}

/**
 * Runs both benchmarks and returns their rows: engine step vs raw docker exec
 * (needs Docker and busybox-static), then extraction throughput.
 */
export async function runEngineBench(options: EngineBenchOptions = {}): Promise<BenchRow[]> {
	const steps = options.steps ?? 40;
	process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
	await ensureBusyboxImage();
	const raw = median(await rawExecTimes(steps));
	const api = median(await apiExecTimes(steps));
	const engine = median(await engineStepTimes(steps));
	const extraction = await extractionRate(options.generatedPages ?? 200, options.extractionMs ?? 2_000);
	return [
		{
			name: 'engine step (docker target)',
			value: engine,
			unit: 'ms/step',
			baseline: { name: 'raw docker exec', value: raw },
			ratio: engine / raw,
			samples: steps,
			note: `median of ${steps} steps of "${COMMAND}": session restore/save, exec, timeout watch, check`,
		},
		{
			name: 'engine step (docker target)',
			value: engine,
			unit: 'ms/step',
			baseline: { name: 'bare exec via Docker API', value: api },
			ratio: engine / api,
			samples: steps,
			note: 'the same exec path without the session script and check: the cost of one shell session per lab',
		},
		{
			name: 'extraction',
			value: extraction.rate,
			unit: 'pages/s',
			samples: extraction.samples,
			note: `${extraction.pages} pages (tutorials/ + generated), parsed from memory`,
		},
	];
}
