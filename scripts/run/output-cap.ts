/**
 * Keeps a step's output within a size a record, a report and a page can hold.
 * A step that prints hundreds of megabytes (a runaway loop, `yes`) must still
 * end in a result that says what happened: the first and last part of the
 * output, and how much was cut between them. Bytes are kept as they stream
 * in, so memory stays at the cap whatever the step prints.
 */
import type { OutputTruncation } from '../model/record.ts';

/** Most bytes of a step's output that are stored; the rest is cut from the middle. */
export const OUTPUT_CAP_BYTES = 1024 * 1024;

/** How far back (from a cut) a line break is looked for, so cuts fall between lines. */
const LINE_SEARCH_BYTES = 64 * 1024;


/** The kept text, and what was cut when the output was longer than the cap. */
export interface CappedOutput {
	/** The whole output, or its head, a note saying how much was cut, and its tail. */
	output: string;
	/** Set only when something was cut. */
	truncated?: OutputTruncation;
}

const NEWLINE = 0x0a;

function countNewlines(bytes: Uint8Array): number {
	// A plain loop: indexOf per line costs more than this when lines are short (`yes` prints 2-byte lines).
	let n = 0;
	for (let i = 0; i < bytes.length; i++) if (bytes[i] === NEWLINE) n++;
	return n;
}

/** True for a UTF-8 continuation byte (10xxxxxx): a cut there would split a character. */
function isContinuation(byte: number | undefined): boolean {
	return byte !== undefined && (byte & 0xc0) === 0x80;
}

/** Bytes of the UTF-8 character a lead byte starts. */
function sequenceLength(lead: number): number {
	return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** Where the head ends: after its last line break near the end, else after its last whole character. */
function headEnd(head: Buffer): number {
	const newline = head.lastIndexOf(NEWLINE);
	if (newline !== -1 && newline >= head.length - LINE_SEARCH_BYTES) return newline + 1;
	let lead = head.length - 1;
	while (lead > 0 && isContinuation(head[lead])) lead--;
	return lead >= 0 && lead + sequenceLength(head[lead]!) > head.length ? lead : head.length;
}

/** Where the tail starts: at a line's start near the beginning (it may already be at one), else at a character. */
function tailStart(tail: Buffer, afterNewline: boolean): number {
	if (afterNewline) return 0;
	const newline = tail.indexOf(NEWLINE);
	if (newline !== -1 && newline < LINE_SEARCH_BYTES) return newline + 1;
	let start = 0;
	while (start < tail.length && isContinuation(tail[start])) start++;
	return start;
}

/** Groups digits by thousands, the same in every locale. */
function grouped(n: number): string {
	return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** A byte count for people: KiB, MiB or GiB with one decimal. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} bytes`;
	const units = ['KiB', 'MiB', 'GiB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/** How much was cut and why, in one phrase (for the note in the output and for failure reports). */
export function describeTruncation(truncated: OutputTruncation, capBytes = OUTPUT_CAP_BYTES): string {
	return `${formatBytes(truncated.bytes)} (${grouped(truncated.bytes)} bytes, ${grouped(truncated.lines)} lines) cut from the middle: stored output is capped at ${formatBytes(capBytes)}, its first and last ${formatBytes(capBytes / 2)} kept`;
}

/** The line put where the middle of a capped output was. */
export function cutNote(truncated: OutputTruncation, capBytes = OUTPUT_CAP_BYTES): string {
	return `[… ${describeTruncation(truncated, capBytes)} …]`;
}

/**
 * Collects an output stream up to a cap: the first half of the cap as it
 * comes, then a moving window over the last half. Cuts fall between lines and
 * never inside a UTF-8 character.
 */
export class OutputCap {
	readonly #half: number;
	readonly #capBytes: number;
	#head: Buffer[] = [];
	#headBytes = 0;
	#tail: Buffer[] = [];
	#tailBytes = 0;
	#total = 0;
	#newlines = 0;

	constructor(capBytes = OUTPUT_CAP_BYTES) {
		this.#capBytes = capBytes;
		this.#half = Math.floor(capBytes / 2);
	}

	/** Bytes seen so far, kept or not. */
	get totalBytes(): number {
		return this.#total;
	}

	/** Takes the next piece of output. */
	push(chunk: Buffer): void {
		this.#total += chunk.length;
		this.#newlines += countNewlines(chunk);
		if (this.#headBytes < this.#half) {
			const take = Math.min(chunk.length, this.#half - this.#headBytes);
			this.#head.push(chunk.subarray(0, take));
			this.#headBytes += take;
			chunk = chunk.subarray(take);
			if (chunk.length === 0) return;
		}
		this.#tail.push(chunk);
		this.#tailBytes += chunk.length;
		// Drop whole pieces from the front while the rest still covers the window and the byte before it.
		while (this.#tail.length > 1 && this.#tailBytes - this.#tail[0]!.length > this.#half) this.#tailBytes -= this.#tail.shift()!.length;
	}

	/** The kept text: all of it within the cap, else head, a note (see cutNote) and tail. */
	finish(): CappedOutput {
		const head = Buffer.concat(this.#head);
		let tail = Buffer.concat(this.#tail);
		if (this.#total <= this.#capBytes) return { output: Buffer.concat([head, tail]).toString('utf8') };
		const afterNewline = tail[tail.length - this.#half - 1] === NEWLINE;
		tail = tail.subarray(tail.length - this.#half);
		const keptHead = head.subarray(0, headEnd(head));
		const keptTail = tail.subarray(tailStart(tail, afterNewline));
		const truncated: OutputTruncation = {
			bytes: this.#total - keptHead.length - keptTail.length,
			lines: this.#newlines - countNewlines(keptHead) - countNewlines(keptTail),
		};
		const between = keptHead.length === 0 || keptHead[keptHead.length - 1] === NEWLINE ? '' : '\n';
		return { output: `${keptHead.toString('utf8')}${between}${cutNote(truncated, this.#capBytes)}\n${keptTail.toString('utf8')}`, truncated };
	}
}
