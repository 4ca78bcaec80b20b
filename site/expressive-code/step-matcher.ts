/**
 * Matches a code block that Expressive Code is about to render to the lab step
 * the extractor found for it. Expressive Code sees one block at a time, with
 * its code but not its line, so the key is the normalised code; two identical
 * run blocks on one page are told apart by their order in the document.
 */
import { classifyFence } from '../../scripts/extract/meta.ts';
import { normaliseCode } from '../../scripts/extract/normalise-code.ts';
import type { RunStep } from '../../scripts/model/lab.ts';

/** What a rendered block is to the lab: a run step, or the expectation of one. */
export type BlockRole = 'run' | 'expect';

/** Whether a fence is a run step or an expectation, read by the extractor's own fence classifier. */
export function blockRole(lang: string, meta: string): BlockRole | undefined {
	const { kind } = classifyFence(lang, meta).block;
	return kind === 'run' || kind === 'expect' ? kind : undefined;
}

/**
 * Per-document matcher. `match` is called once per block in document order;
 * the k-th block with the same code and role maps to the k-th step with that
 * code. A new pass over the same page (a dev-server re-render: the block index
 * does not grow) starts counting again; counts also wrap, so a renderer whose
 * index never resets still maps each pass right.
 */
export class StepMatcher {
	readonly #runs: readonly RunStep[];
	readonly #seen = new Map<string, number>();
	#lastIndex = -1;

	constructor(runs: readonly RunStep[]) {
		this.#runs = runs;
	}

	/** The run step a `run` block or an `expect` block belongs to, or undefined when none has that code. */
	match(role: BlockRole, code: string, blockIndex: number | undefined): RunStep | undefined {
		if (blockIndex !== undefined) {
			if (blockIndex <= this.#lastIndex) this.#seen.clear();
			this.#lastIndex = blockIndex;
		}
		const text = normaliseCode(code);
		const candidates = this.#runs.filter((step) =>
			role === 'run' ? normaliseCode(step.command) === text : step.expect !== undefined && normaliseCode(step.expect.text) === text,
		);
		if (candidates.length === 0) return undefined;
		const key = `${role}\0${text}`;
		const seen = this.#seen.get(key) ?? 0;
		this.#seen.set(key, seen + 1);
		return candidates[seen % candidates.length];
	}
}
