/**
 * `npm run verify [-- <page>…] [--update] [--jobs N]`: runs every lab page (or
 * the pages named) in its own throwaway k3s, checks each step, and records the
 * real outputs beside the page. A lab whose chain hashes all match its record
 * is not run again ("up to date"); --update runs it anyway.
 *
 * A record that cannot be read (not JSON, or not the record schema) is bad
 * input: verify names it and runs nothing, unless --update says to record
 * that lab again, which replaces the record once the lab has passed.
 *
 * Exit codes: 0 all passed or up to date, 1 a lab failed or no cluster can
 * run, 2 bad input (nothing is run or written), 130 interrupted.
 * Hidden from the docs: `--target docker` (or LABS_TARGET=docker) runs labs in
 * a busybox container instead, for the docker test tier and fixture records.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkStep } from '../check/index.ts';
import { readPages } from '../extract/index.ts';
import { k3sImage } from '../model/k3s-image.ts';
import type { Lab } from '../model/lab.ts';
import { findPages, pageSlug, resolvePage } from '../model/pages.ts';
import type { LabRecord } from '../model/record.ts';
import { failureSummary, writeFailureReport } from '../record/failure-report.ts';
import { staleReason, writeRecord } from '../record/lab-record.ts';
import { BadRecordError, readRecord } from '../record/read-record.ts';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../run/busybox-image.ts';
import { installSignalCleanup, interrupted, removeLabelled, RUN_ID, track, untrack } from '../run/cleanup.ts';
import { clusterAvailability } from '../run/k3s-available.ts';
import { RUN_ID_LABEL, TARGET_KINDS, type TargetKind } from '../run/target.ts';
import { mapWithLimit } from '../run/pool.ts';
import { runLab, type RunEvent } from '../run/runner.ts';

const USAGE = 'usage: npm run verify [-- <page>…] [--update] [--jobs N]';

/** One line of the summary table. */
interface LabSummary {
	page: string;
	result: 'passed' | 'FAILED' | 'up to date';
	steps: string;
	seconds?: number;
	note: string;
}

/** A problem with the command line; printed with the usage, exit 2. */
class UsageError extends Error {}

function out(line: string): void {
	process.stdout.write(`${line}\n`);
}

function parse(argv: string[]) {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				update: { type: 'boolean', default: false },
				jobs: { type: 'string', default: '2' },
				target: { type: 'string', default: process.env.LABS_TARGET || 'k3s' },
				help: { type: 'boolean', short: 'h', default: false },
			},
		});
	} catch (error) {
		throw new UsageError(`${(error as Error).message}\n${USAGE}`);
	}
	const { values, positionals } = parsed;
	const jobs = Number(values.jobs);
	if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) {
		throw new UsageError(`--jobs: expected a whole number from 1 to 16, found "${values.jobs}"\n${USAGE}`);
	}
	if (!(TARGET_KINDS as readonly string[]).includes(values.target)) {
		throw new UsageError(`--target: expected one of ${TARGET_KINDS.join(', ')}, found "${values.target}"`);
	}
	let pages: string[];
	try {
		pages = positionals.map((page) => resolvePage(page));
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
	return { pages, update: values.update, jobs, target: values.target as TargetKind, help: values.help };
}

/** The first line of a command, shortened, for a progress line. */
function commandHead(command: string): string {
	const lines = command.split('\n');
	const first = (lines[0] ?? '').trim();
	const more = lines.length > 1 ? ' …' : '';
	return first.length > 60 ? `${first.slice(0, 59)}…` : `${first}${more}`;
}

function progress(page: string, total: number, target: TargetKind): (event: RunEvent) => void {
	const name = pageSlug(page);
	return (event) => {
		switch (event.type) {
			case 'boot':
				return out(`[${name}] starting the ${target} target…`);
			case 'ready':
				return out(`[${name}] ready after ${(event.ms / 1000).toFixed(1)} s`);
			case 'step-start':
				if (event.attempt === 1) out(`[${name}] step ${event.step.index + 1}/${total} (line ${event.step.position.line}) running: ${commandHead(event.step.command)}`);
				return;
			case 'step-retry':
				return out(`[${name}] step ${event.step.index + 1}/${total} not there yet (attempt ${event.attempt}); retrying`);
			case 'step-done': {
				const o = event.outcome;
				const mark = o.ok ? '✓' : '✗';
				const extra = o.attempts > 1 ? `, ${o.attempts} attempts` : '';
				return out(`[${name}] step ${o.step.index + 1}/${total} ${mark} ${(o.durationMs / 1000).toFixed(1)} s${extra}`);
			}
		}
	};
}

async function verifyLab(lab: Lab, target: TargetKind): Promise<LabSummary> {
	const name = pageSlug(lab.file);
	if (interrupted()) return { page: lab.file, result: 'FAILED', steps: `0/${lab.runs.length}`, note: 'interrupted' };
	// Loaded only when a lab runs: bad input and up-to-date checks stay quick.
	const { makeTarget } = await import('../run/make-target.ts');
	const t = makeTarget(target, lab);
	track(t);
	let run;
	try {
		run = await runLab(lab, t, { check: checkStep, onEvent: progress(lab.file, lab.runs.length, target) });
	} finally {
		untrack(t);
	}
	const passedSteps = run.steps.filter((s) => s.ok).length;
	// Interrupted: its container is gone mid-lab; record and report nothing.
	if (interrupted()) return { page: lab.file, result: 'FAILED', steps: `${passedSteps}/${lab.runs.length}`, note: 'interrupted' };
	const seconds = run.durationMs / 1000;
	if (run.ok) {
		const path = await writeRecord(run, process.cwd());
		const where = relative(process.cwd(), path);
		out(`[${name}] PASSED in ${seconds.toFixed(1)} s; recorded ${where}`);
		return { page: lab.file, result: 'passed', steps: `${passedSteps}/${lab.runs.length}`, seconds, note: `recorded ${where}` };
	}
	const report = await writeFailureReport(run, process.cwd());
	out(`[${name}] FAILED: ${failureSummary(run)}`);
	// The diff (or exit-code problem) right in the log, so CI shows why without the report file.
	if (run.failure?.phase === 'step') {
		for (const line of run.failure.outcome.problems.join('\n').split('\n').slice(0, 40)) out(`[${name}]   ${line}`);
	}
	out(`[${name}] failure report: ${report} (the previous record, if any, is unchanged)`);
	return { page: lab.file, result: 'FAILED', steps: `${passedSteps}/${lab.runs.length}`, seconds, note: report };
}

function table(rows: LabSummary[]): string {
	const head = ['Page', 'Result', 'Steps', 'Time', 'Note'];
	const cells = rows.map((r) => [r.page, r.result, r.steps, r.seconds === undefined ? '-' : `${r.seconds.toFixed(1)} s`, r.note]);
	const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
	const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ');
	return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** The CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
	let args;
	try {
		args = parse(argv);
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n`);
		return 2;
	}
	if (args.help) {
		out(USAGE);
		return 0;
	}
	const image = args.target === 'docker' ? BUSYBOX_IMAGE : k3sImage();

	// 1. Extract every page and read every record first: bad input stops everything before a container starts or a file is written.
	const pages = args.pages.length ? args.pages : await findPages();
	const published = pages.filter((p) => p.startsWith('tutorials/'));
	if (args.target !== 'k3s' && published.length) {
		// A docker record must never replace a page's k3s record: pages are verified on k3s only.
		process.stderr.write(`--target ${args.target} is for test fixtures only; ${published[0]} is a published page and runs on k3s\n`);
		return 2;
	}
	const read = await readPages(pages, { image });
	const broken = read.filter((p) => p.error);
	if (broken.length) {
		for (const p of broken) process.stderr.write(`${p.error!.message}\n`);
		return 2;
	}
	const labs = read.flatMap((p) => (p.lab ? [p.lab] : []));
	const records = new Map<Lab, LabRecord | null>();
	const badRecords: BadRecordError[] = [];
	for (const lab of labs) {
		try {
			records.set(lab, await readRecord(lab.file));
		} catch (error) {
			if (!(error instanceof BadRecordError)) throw error;
			badRecords.push(error);
		}
	}
	if (badRecords.length) {
		for (const bad of badRecords) process.stderr.write(`${bad.message}\n`);
		if (!args.update) {
			process.stderr.write(`verify: ${badRecords.length} record(s) cannot be read; nothing was run. Pass --update to record ${badRecords.length === 1 ? 'that lab' : 'those labs'} again (a record is replaced only when its lab passes).\n`);
			return 2;
		}
		out(`verify: --update: recording ${badRecords.length === 1 ? 'that lab' : 'those labs'} again; a record is replaced only when its lab passes`);
	}

	// 2. Incremental: a lab whose record matches every chain hash is not run again.
	const summaries: LabSummary[] = [];
	const toRun: Lab[] = [];
	for (const lab of labs) {
		const reason = staleReason(lab, records.get(lab) ?? null, args.target);
		if (reason === undefined && !args.update) {
			out(`[${pageSlug(lab.file)}] up to date (every step matches its record); --update runs it anyway`);
			summaries.push({ page: lab.file, result: 'up to date', steps: `${lab.runs.length}`, note: '' });
		} else {
			toRun.push(lab);
			if (reason && !args.update) out(`[${pageSlug(lab.file)}] will run: ${reason}`);
		}
	}
	for (const page of read) if (!page.lab && args.pages.length) out(`[${pageSlug(page.file)}] not a lab (no run steps); nothing to verify`);

	if (toRun.length) {
		// 3. Fail fast when the target cannot run at all.
		if (args.target === 'k3s') {
			const available = await clusterAvailability(image);
			if (!available.ok) {
				process.stderr.write(`verify: cannot run labs on k3s: ${available.reason}\n`);
				return 1;
			}
		} else {
			await ensureBusyboxImage();
		}
		out(`verify: running ${toRun.length} lab(s) on ${args.target} (${image}), ${args.jobs} at a time`);
		installSignalCleanup((line) => process.stderr.write(`${line}\n`));
		summaries.push(...(await mapWithLimit(toRun, args.jobs, (lab) => verifyLab(lab, args.target))));
		// Safety net: nothing this run started may outlive it, even if a stop failed on a busy engine.
		const leftover = interrupted() ? 0 : await removeLabelled({ [RUN_ID_LABEL]: RUN_ID });
		if (leftover) out(`verify: removed ${leftover} leftover container(s) of this run`);
	}

	if (interrupted()) return 130;
	summaries.sort((a, b) => a.page.localeCompare(b.page));
	out('');
	out(table(summaries));
	const failed = summaries.filter((s) => s.result === 'FAILED').length;
	out('');
	out(`${summaries.length} lab(s): ${summaries.filter((s) => s.result === 'passed').length} passed, ${failed} failed, ${summaries.filter((s) => s.result === 'up to date').length} up to date`);
	return failed ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
	main(process.argv.slice(2)).then(
		(code) => {
			// After SIGINT/SIGTERM the signal handler exits (130) once every container is gone.
			if (!interrupted()) process.exit(code);
		},
		(error: unknown) => {
			if (interrupted()) return;
			process.stderr.write(`verify: ${(error as Error).stack ?? String(error)}\n`);
			process.exit(1);
		},
	);
}
