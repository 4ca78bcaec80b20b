/**
 * Line-based questions on standard input. It works the same on a terminal and
 * on a pipe (how tests drive --step), reads lines typed ahead in order, and
 * treats the end of input as "quit", so a script never hangs on a prompt.
 * The terminal stays in its normal mode, so Ctrl-C still interrupts.
 */
import { createInterface, type Interface } from 'node:readline';
import type { RunStep } from '../../model/lab.ts';
import type { StepChoice } from '../../run/reader-target.ts';

/** Asks questions, one line per answer. */
export class Prompter {
	#rl: Interface | undefined;
	#lines: string[] = [];
	#waiting: ((line: string | null) => void) | undefined;
	#closed = false;

	constructor(
		readonly input: NodeJS.ReadableStream = process.stdin,
		readonly output: NodeJS.WritableStream = process.stdout,
	) {}

	#open(): void {
		if (this.#rl || this.#closed) return;
		this.#rl = createInterface({ input: this.input, terminal: false });
		this.#rl.on('line', (line) => {
			if (this.#waiting) {
				const resolve = this.#waiting;
				this.#waiting = undefined;
				resolve(line);
			} else this.#lines.push(line);
		});
		this.#rl.on('close', () => {
			this.#closed = true;
			this.#waiting?.(null);
			this.#waiting = undefined;
		});
	}

	/** Prints the question and resolves with the next line, or null at the end of input. */
	ask(question: string): Promise<string | null> {
		this.#open();
		this.output.write(question);
		const queued = this.#lines.shift();
		if (queued !== undefined) return Promise.resolve(this.#echo(queued));
		if (this.#closed) return Promise.resolve(this.#echo(null));
		return new Promise((resolve) => {
			this.#waiting = (line) => resolve(this.#echo(line));
		});
	}

	/** On a pipe nothing echoes the answer; print it so a transcript reads like a terminal session. */
	#echo(line: string | null): string | null {
		if (!(this.input as { isTTY?: boolean }).isTTY) this.output.write(`${line ?? '(end of input)'}\n`);
		return line;
	}

	/** Stops reading standard input so the process can exit. */
	close(): void {
		this.#closed = true;
		this.#rl?.close();
		this.#rl = undefined;
	}
}

/** Reads a run / skip / quit answer; Enter means run, and unknown answers ask again. */
export async function askStep(prompter: Prompter, step: RunStep, paint: (text: string) => string = (t) => t): Promise<StepChoice> {
	for (;;) {
		const answer = await prompter.ask(paint(`Run step ${step.index + 1}? [Enter/r] run  [s] skip  [q] quit: `));
		if (answer === null) return 'quit';
		const word = answer.trim().toLowerCase();
		if (word === '' || word === 'r' || word === 'run' || word === 'y') return 'run';
		if (word === 's' || word === 'skip') return 'skip';
		if (word === 'q' || word === 'quit') return 'quit';
		prompter.output.write(`  Answer r (run), s (skip) or q (quit); found "${answer.trim()}".\n`);
	}
}

/** A yes/no question whose default is no; the end of input is no. */
export async function confirm(prompter: Prompter, question: string): Promise<boolean> {
	const answer = await prompter.ask(`${question} [y/N] `);
	return answer !== null && /^(y|yes)$/i.test(answer.trim());
}
