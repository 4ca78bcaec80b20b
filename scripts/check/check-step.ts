/**
 * Step 3 of the pipeline for one step: did the real run do what the page says?
 * The exit code must be the one the page means (exit=N, default 0) and the
 * output must match the authored expectation when there is one.
 */
import type { RunStep } from '../model/lab.ts';
import { matchOutput } from './match.ts';

/** What the runner observed for one step. */
export interface StepResult {
	/** Combined stdout+stderr. */
	output: string;
	exitCode: number;
}

/** The verdict on one step: ok, or problems a person can act on. */
export interface StepVerdict {
	ok: boolean;
	/** Each problem is a paragraph; an expectation mismatch carries its diff. */
	problems: string[];
}

/** Lines of output quoted with an exit-code problem, so the cause is visible without the report. */
const OUTPUT_TAIL_LINES = 15;

function tail(output: string): string {
	const lines = output.replace(/\s+$/, '').split('\n');
	const shown = lines.slice(-OUTPUT_TAIL_LINES);
	const head = lines.length > shown.length ? `  … ${lines.length - shown.length} earlier lines\n` : '';
	return shown[0] === '' && shown.length === 1 ? '  (no output)' : head + shown.map((l) => `  | ${l}`).join('\n');
}

/** Checks one run step's result against the page: exit code, then expectation. */
export function checkStep(step: RunStep, result: StepResult): StepVerdict {
	const problems: string[] = [];
	const where = `${step.position.file}:${step.position.line}`;
	if (result.exitCode !== step.options.exit) {
		const meant = step.options.exit === 0 ? 'expected 0 (success)' : `expected ${step.options.exit} (exit=${step.options.exit} on the run block)`;
		problems.push(`${where}: step ${step.index + 1} exited with code ${result.exitCode}; ${meant}\n${tail(result.output)}`);
	}
	if (step.expect) {
		const { ok, diff } = matchOutput(step.expect.text, result.output);
		if (!ok) problems.push(`${step.expect.position.file}:${step.expect.position.line}: step ${step.index + 1}'s output does not match its expect block\n${diff}`);
	}
	return { ok: problems.length === 0, problems };
}
