import type { Lab, RunStep } from '../model/lab.ts';
import type { OutputTruncation } from '../model/record.ts';
import { stepScript } from './session.ts';
import type { ExecResult, Provenance, Target } from './target.ts';

/** A step's verdict: the shape of checkStep() in scripts/check. */
export interface StepVerdict {
	ok: boolean;
	/** Human-readable problems, e.g. the expected-vs-actual diff or a wrong exit code. */
	problems: string[];
}

/** Judges one run of a step (scripts/check's checkStep). Injected so the runner does not care how. */
export type StepChecker = (step: RunStep, actual: { output: string; exitCode: number }) => StepVerdict;

/** One run step's final result (its last attempt). */
export interface StepOutcome {
	step: RunStep;
	output: string;
	exitCode: number;
	/** Duration of the last attempt. */
	durationMs: number;
	attempts: number;
	timedOut: boolean;
	/** Set when the output passed the stored-output cap and its middle was cut. */
	truncated?: OutputTruncation;
	ok: boolean;
	problems: string[];
}

/** Where a failed lab stopped. */
export type LabFailure =
	| { phase: 'boot'; message: string }
	| { phase: 'prelude'; message: string; output: string }
	| { phase: 'step'; outcome: StepOutcome }
	| { phase: 'lab-timeout'; message: string; step?: RunStep }
	/** The target itself broke (the container vanished, the engine stopped answering). */
	| { phase: 'error'; message: string };

/** Everything a lab run produced: enough to write its record or its failure report. */
export interface LabRun {
	lab: Lab;
	target: string;
	ok: boolean;
	/** Outcomes of the run steps that ran, in order (the failing one last). */
	steps: StepOutcome[];
	failure?: LabFailure;
	/** Set when the target started; recorded with the outputs. */
	provenance?: Provenance;
	/** Set on failure: the target's diagnostics (events, pods, logs). */
	diagnostics?: string;
	durationMs: number;
	/** ISO time the lab finished. */
	finishedAt: string;
}

/** Progress the runner reports while it works (the CLI prints these live). */
export type RunEvent =
	| { type: 'boot' }
	| { type: 'ready'; ms: number }
	| { type: 'step-start'; step: RunStep; attempt: number }
	| { type: 'step-retry'; step: RunStep; attempt: number; problems: string[] }
	| { type: 'step-done'; outcome: StepOutcome };

/** Options of runLab. */
export interface RunLabOptions {
	check: StepChecker;
	onEvent?: (event: RunEvent) => void;
	/** Pause between attempts of a retry= step. @default 2000 */
	retryPauseMs?: number;
	/** Clock, for tests. */
	now?: () => number;
}

/**
 * Runs a lab on a target from start to stop: boots it, runs the target's
 * prelude, writes each file where the page declares it, runs each step in one
 * shell session, checks it, re-runs retry= steps until they pass or their
 * budget is spent, and stops at the first failing step. The target is always
 * stopped, whatever happens. Never throws for a failing lab: the LabRun says
 * what failed.
 */
export async function runLab(lab: Lab, target: Target, options: RunLabOptions): Promise<LabRun> {
	const now = options.now ?? Date.now;
	const emit = options.onEvent ?? (() => {});
	const retryPause = options.retryPauseMs ?? 2_000;
	const started = now();
	const deadline = started + lab.options.timeout * 1000;
	const steps: StepOutcome[] = [];
	const session = { labDir: target.labDir, stateDir: target.stateDir };
	const run: LabRun = { lab, target: target.name, ok: false, steps, durationMs: 0, finishedAt: '' };

	const fail = async (failure: LabFailure): Promise<LabRun> => {
		run.failure = failure;
		run.diagnostics = await target.diagnostics().catch((e: Error) => `diagnostics failed: ${e.message}`);
		return run;
	};

	try {
		emit({ type: 'boot' });
		try {
			await withDeadline(target.start(), deadline - now(), `lab timeout of ${lab.options.timeout} s ran out while the target booted`);
		} catch (error) {
			return await fail({ phase: 'boot', message: (error as Error).message });
		}
		emit({ type: 'ready', ms: now() - started });
		run.provenance = await target.provenance();

		const prelude = target.prelude();
		if (prelude !== undefined) {
			const r = await target.exec(stepScript(prelude, session), Math.max(1, deadline - now()));
			if (r.exitCode !== 0) {
				return await fail({ phase: 'prelude', message: `the lab set-up failed with exit ${r.exitCode}`, output: r.output });
			}
		}

		for (const step of lab.steps) {
			if (step.kind === 'file') {
				await target.writeFiles([{ path: step.path, content: step.content }]);
				continue;
			}
			const outcome = await runStep(step);
			if (!outcome) {
				return await fail({ phase: 'lab-timeout', message: `lab timeout of ${lab.options.timeout} s ran out before step ${step.index + 1}`, step });
			}
			steps.push(outcome);
			emit({ type: 'step-done', outcome });
			if (!outcome.ok) return await fail({ phase: 'step', outcome });
		}
		run.ok = true;
		return run;
	} catch (error) {
		return await fail({ phase: 'error', message: (error as Error).message });
	} finally {
		await target.stop().catch(() => {});
		run.durationMs = now() - started;
		run.finishedAt = new Date().toISOString();
	}

	/** Runs a step until it passes or its retry budget is spent; undefined when the lab's budget is gone. */
	async function runStep(step: RunStep): Promise<StepOutcome | undefined> {
		const retryUntil = now() + step.options.retry * 1000;
		let last: StepOutcome | undefined;
		for (let attempt = 1; ; attempt++) {
			const remaining = deadline - now();
			if (remaining <= 0) return last;
			emit({ type: 'step-start', step, attempt });
			const stepBudget = step.options.timeout * 1000;
			const result: ExecResult = await target.exec(stepScript(step.command, session), Math.min(stepBudget, remaining));
			const verdict: StepVerdict = result.timedOut
				? {
						ok: false,
						problems: [
							stepBudget <= remaining
								? `timed out after ${step.options.timeout} s (timeout=${step.options.timeout}) and was killed`
								: `killed when the lab timeout of ${lab.options.timeout} s ran out`,
						],
					}
				: options.check(step, { output: result.output, exitCode: result.exitCode });
			const outcome: StepOutcome = {
				step,
				output: result.output,
				exitCode: result.exitCode,
				durationMs: result.durationMs,
				attempts: attempt,
				timedOut: result.timedOut,
				...(result.truncated && { truncated: result.truncated }),
				...verdict,
			};
			if (verdict.ok || now() + retryPause >= retryUntil) return outcome;
			last = outcome;
			emit({ type: 'step-retry', step, attempt, problems: verdict.problems });
			await new Promise((r) => setTimeout(r, retryPause));
		}
	}
}

/** Rejects with message when promise has not settled within ms. */
async function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error(message)), Math.max(0, ms));
			}),
		]);
	} finally {
		clearTimeout(timer);
	}
}
