/**
 * Wraps a Target for a reader following a lab: in --step mode it asks before
 * each step's command (run, skip, quit), and with --keep it leaves the target
 * running when the runner stops it. The runner itself is untouched: this is
 * the same engine verify uses, driven through its Target interface.
 */
import type { RunStep } from '../model/lab.ts';
import type { ExecResult, LabFile, Provenance, Target } from './target.ts';

/** What a reader answers before a step in --step mode. */
export type StepChoice = 'run' | 'skip' | 'quit';

/** Thrown out of the runner when the reader quits at a step prompt. */
export class QuitLab extends Error {
	constructor(readonly step: RunStep) {
		super(`quit before step ${step.index + 1}`);
		this.name = 'QuitLab';
	}
}

/** Options of ReaderTarget. */
export interface ReaderOptions {
	/** Leave the target running when the runner stops it. */
	keep: boolean;
	/** Asked before each step's first attempt (--step); run everything when absent. */
	ask?: (step: RunStep) => Promise<StepChoice>;
}

/** A Target as a reader drives it: asks before steps (--step) and survives the runner's stop (--keep). */
export class ReaderTarget implements Target {
	/** Indexes of the steps the reader skipped. */
	readonly skipped = new Set<number>();
	/** The step before which the reader quit, if they did. */
	quitBefore: RunStep | undefined;
	#next: RunStep | undefined;
	#pausedMs = 0;

	constructor(
		readonly inner: Target,
		readonly options: ReaderOptions,
	) {}

	get name(): string {
		return this.inner.name;
	}
	get labDir(): string {
		return this.inner.labDir;
	}
	get stateDir(): string {
		return this.inner.stateDir;
	}

	/** Time spent waiting for the reader's answers; the lab's time budget leaves it out. */
	get pausedMs(): number {
		return this.#pausedMs;
	}

	/** The runner reports each step before it execs it (RunEvent step-start); the next exec is that step. */
	stepStarting(step: RunStep, attempt: number): void {
		if (attempt === 1) this.#next = step;
	}

	start(): Promise<void> {
		return this.inner.start();
	}

	writeFiles(files: LabFile[]): Promise<void> {
		return this.inner.writeFiles(files);
	}

	async exec(script: string, timeoutMs: number): Promise<ExecResult> {
		const step = this.#next;
		this.#next = undefined;
		if (step && this.options.ask) {
			const asked = Date.now();
			const choice = await this.options.ask(step);
			this.#pausedMs += Date.now() - asked;
			if (choice === 'quit') {
				this.quitBefore = step;
				throw new QuitLab(step);
			}
			if (choice === 'skip') {
				this.skipped.add(step.index);
				// Nothing ran: the CLI shows "skipped" and its checker lets the step pass.
				return { output: '', exitCode: step.options.exit, durationMs: 0, timedOut: false };
			}
		}
		return this.inner.exec(script, timeoutMs);
	}

	prelude(): string | undefined {
		return this.inner.prelude();
	}

	provenance(): Promise<Provenance> {
		return this.inner.provenance();
	}

	diagnostics(): Promise<string> {
		return this.inner.diagnostics();
	}

	/** The runner's stop: a no-op with --keep. */
	stop(): Promise<void> {
		return this.options.keep ? Promise.resolve() : this.inner.stop();
	}
}
