import { describe, expect, it } from 'vitest';
import { cutNote, formatBytes, OUTPUT_CAP_BYTES, OutputCap } from '../../scripts/run/output-cap.ts';

/** Feeds text to a cap in pieces of `size` bytes, as a stream would (pieces may split a character). */
function feed(cap: OutputCap, text: string, size: number): void {
	const bytes = Buffer.from(text, 'utf8');
	for (let i = 0; i < bytes.length; i += size) cap.push(Buffer.from(bytes.subarray(i, i + size)));
}

/** `line 1\nline 2\n…`: numbered lines, so what was kept and what was cut can be counted. */
function numberedLines(count: number): string {
	return Array.from({ length: count }, (_, i) => `line ${i + 1}\n`).join('');
}

describe('OutputCap', () => {
	it('keeps an output within the cap whole, byte for byte, even when pieces split characters', () => {
		const text = 'héllo wörld ✓ 😀\n'.repeat(50);
		const cap = new OutputCap(4096);
		feed(cap, text, 7);
		expect(cap.finish()).toEqual({ output: text });
	});

	it('keeps the first and last lines past the cap and says exactly how many bytes and lines were cut', () => {
		const text = numberedLines(10_000);
		const cap = new OutputCap(1024);
		feed(cap, text, 333);
		const { output, truncated } = cap.finish();
		const lines = output.split('\n');
		const note = lines.findIndex((l) => l.startsWith('[…'));
		const head = lines.slice(0, note);
		const tail = lines.slice(note + 1, -1);
		// Whole lines on both sides of the note, in order, from the start and up to the end.
		expect(head[0]).toBe('line 1');
		expect(tail.at(-1)).toBe('line 10000');
		head.forEach((l, i) => expect(l).toBe(`line ${i + 1}`));
		const firstTail = Number(tail[0]!.slice(5));
		tail.forEach((l, i) => expect(l).toBe(`line ${firstTail + i}`));
		const cutLines = firstTail - head.length - 1;
		const keptBytes = Buffer.byteLength(head.join('\n') + '\n') + Buffer.byteLength(tail.join('\n') + '\n');
		expect(truncated).toEqual({ bytes: Buffer.byteLength(text) - keptBytes, lines: cutLines });
		expect(lines[note]).toBe(cutNote(truncated!, 1024));
		expect(keptBytes).toBeLessThanOrEqual(1024);
	});

	it('cuts a long line without newlines between characters, never inside one', () => {
		const text = 'ü😀'.repeat(100_000);
		const cap = new OutputCap(1000);
		feed(cap, text, 4093);
		const { output, truncated } = cap.finish();
		expect(output).not.toContain('\uFFFD');
		const [head, tail] = output.split(/\n?\[….*…\]\n/);
		expect(text.startsWith(head!)).toBe(true);
		expect(text.endsWith(tail!)).toBe(true);
		expect(truncated!.bytes).toBe(Buffer.byteLength(text) - Buffer.byteLength(head!) - Buffer.byteLength(tail!));
		expect(truncated!.lines).toBe(0);
	});

	it('counts every byte and line of an output many times the cap and stores only the cap', { timeout: 30_000 }, () => {
		const piece = Buffer.from('y\n'.repeat(32 * 1024));
		const cap = new OutputCap();
		for (let i = 0; i < 600; i++) cap.push(piece);
		const total = 600 * piece.length;
		expect(cap.totalBytes).toBe(total);
		const { output, truncated } = cap.finish();
		// `y\n` lines: both cuts fall between lines, so exactly the cap is kept.
		expect(truncated).toEqual({ bytes: total - OUTPUT_CAP_BYTES, lines: (total - OUTPUT_CAP_BYTES) / 2 });
		expect(Buffer.byteLength(output)).toBe(OUTPUT_CAP_BYTES + Buffer.byteLength(cutNote(truncated!)) + 1);
		expect(output).toContain('[… 36.5 MiB (38,273,024 bytes, 19,136,512 lines) cut from the middle: stored output is capped at 1 MiB, its first and last 512 KiB kept …]');
	});
});

describe('formatBytes', () => {
	it('reads like a person would write it', () => {
		expect([1000, 1024, 1536, OUTPUT_CAP_BYTES, 600_000_000].map((b) => formatBytes(b))).toEqual(['1000 bytes', '1 KiB', '1.5 KiB', '1 MiB', '572.2 MiB']);
	});
});
