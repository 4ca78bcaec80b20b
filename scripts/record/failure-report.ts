import { join } from 'node:path';
import { pageSlug } from '../model/pages.ts';
import { describeTruncation } from '../run/output-cap.ts';
import type { LabRun } from '../run/runner.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** Where failure reports go (git-ignored). */
export const REPORTS_DIR = 'reports';

/** One line saying where and why a run failed, for progress output and the summary. */
export function failureSummary(run: LabRun): string {
	const f = run.failure;
	if (!f) return 'passed';
	switch (f.phase) {
		case 'boot':
			return `the ${run.target} target did not start: ${firstLine(f.message)}`;
		case 'prelude':
			return `${f.message}`;
		case 'lab-timeout':
			return f.message;
		case 'error':
			return `the ${run.target} target failed: ${firstLine(f.message)}`;
		case 'step': {
			const s = f.outcome.step;
			// The checker's problems start with their own file:line; the summary already names the step's.
			const problem = firstLine(f.outcome.problems[0] ?? `exit ${f.outcome.exitCode}`).replace(/^\S+:\d+: /, '');
			return `step ${s.index + 1} (${s.position.file}:${s.position.line}) failed: ${problem}`;
		}
	}
}

function firstLine(text: string): string {
	return text.split('\n').find((l) => l.trim())?.trim() ?? text;
}

/** The report's Markdown: the failing step, its output, what was wrong (the diff), then the target's diagnostics. */
export function renderFailureReport(run: LabRun): string {
	const lines: string[] = [`# Lab failed: ${run.lab.file}`, ''];
	lines.push(`- target: ${run.target}${run.provenance ? ` (${run.provenance.image}, server ${run.provenance.serverVersion})` : ''}`);
	lines.push(`- finished: ${run.finishedAt}, after ${(run.durationMs / 1000).toFixed(1)} s`);
	lines.push(`- what failed: ${failureSummary(run)}`, '');
	const f = run.failure;
	if (f?.phase === 'step') {
		const o = f.outcome;
		lines.push(`## Step ${o.step.index + 1} at ${o.step.position.file}:${o.step.position.line}`, '');
		lines.push('```sh', o.step.command, '```', '');
		lines.push(`exit code ${o.exitCode} (expected ${o.step.options.exit}), ${o.attempts} attempt(s), last one took ${o.durationMs} ms${o.timedOut ? ', killed at its timeout' : ''}`, '');
		if (o.truncated) lines.push(`output: ${describeTruncation(o.truncated)}`, '');
		lines.push('### Problems', '', ...o.problems.map((p) => ['```text', p, '```', ''].join('\n')));
		lines.push('### Output', '', '```text', o.output, '```', '');
	} else if (f?.phase === 'prelude') {
		lines.push('## Set-up output', '', '```text', f.output, '```', '');
	} else if (f) {
		lines.push('## Error', '', '```text', f.message, '```', '');
	}
	if (run.steps.length > (f?.phase === 'step' ? 1 : 0)) {
		lines.push('## Steps before it', '');
		for (const s of run.steps) if (s.ok) lines.push(`- step ${s.step.index + 1} passed (${s.durationMs} ms, ${s.attempts} attempt(s))`);
		lines.push('');
	}
	lines.push('## Diagnostics', '', '```text', run.diagnostics ?? '(none)', '```', '');
	return lines.join('\n');
}

/** Writes a failed run's report under reports/ and returns its path (relative to root). */
export async function writeFailureReport(run: LabRun, root = process.cwd()): Promise<string> {
	const slug = pageSlug(run.lab.file).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
	const stamp = (run.finishedAt || new Date().toISOString()).replace(/[:.]/g, '-');
	const relative = join(REPORTS_DIR, `${slug}-${stamp}.md`);
	await writeFileAtomic(join(root, relative), renderFailureReport(run));
	return relative;
}
