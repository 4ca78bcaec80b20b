import { beforeAll, expect, it } from 'vitest';
import { checkStep } from '../../scripts/check/index.ts';
import { extractLab } from '../../scripts/extract/index.ts';
import type { Lab } from '../../scripts/model/lab.ts';
import { LabRecordSchema } from '../../scripts/model/record.ts';
import { renderFailureReport } from '../../scripts/record/failure-report.ts';
import { buildRecord } from '../../scripts/record/lab-record.ts';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../scripts/run/busybox-image.ts';
import { DockerTarget } from '../../scripts/run/docker-target.ts';
import { cutNote, formatBytes, OUTPUT_CAP_BYTES } from '../../scripts/run/output-cap.ts';
import { runLab } from '../../scripts/run/runner.ts';
import { dockerPrereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';

/** A one-step lab page, extracted as verify would. */
function lab(name: string, body: string): Lab {
	const source = `---\ntitle: ${name}\nlab:\n  namespace: fixture-output-cap\n---\n\n${body}`;
	const extracted = extractLab(`tests/docker/${name}.mdx`, source, { image: BUSYBOX_IMAGE });
	if (!extracted) throw new Error('not a lab');
	return extracted;
}

/** The output without its cut note, and that note: what is kept of a capped output. */
function split(output: string): { kept: string; note: string } {
	const note = output.split('\n').find((l) => l.startsWith('[… '));
	if (!note) throw new Error('no cut note in the output');
	return { kept: output.replace(`${note}\n`, ''), note };
}

describeTier('stored output cap on the docker target', await dockerPrereq(), () => {
	beforeAll(() => ensureBusyboxImage(), 120_000);

	it('runs a step printing 600 MB to the end, stores 1 MiB of it and records how much was cut', { timeout: 300_000 }, async () => {
		// 572 copies of a 1 MiB block of lines (cat writes big chunks: `yes` alone is three times slower through docker exec):
		// 599,784,910 bytes, past V8's longest string (536,870,888), where the old exec failed with "Invalid string length".
		const command = [
			"yes 'a log line' | head -n 95325 > /tmp/block",
			'set --',
			'for i in $(seq 572); do set -- "$@" /tmp/block; done',
			'cat "$@"',
			'echo last line',
		].join('\n');
		const page = lab('huge-output', `\`\`\`bash run timeout=600\n${command}\n\`\`\`\n\n\`\`\`text expect\na log line\n...\nlast line\n\`\`\`\n`);
		let peakRss = 0;
		const baseRss = process.memoryUsage().rss;
		const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
		const run = await runLab(page, new DockerTarget(), { check: checkStep }).finally(() => clearInterval(sampler));

		expect(run.failure).toBeUndefined();
		const [step] = run.steps;
		const totalBytes = 572 * 95_325 * 11 + 'last line\n'.length;
		const totalLines = 572 * 95_325 + 1;
		const { kept, note } = split(step!.output);
		// Whole lines on both sides of the note, and every byte and line accounted for.
		expect(kept.startsWith('a log line\na log line\n')).toBe(true);
		expect(kept.endsWith('a log line\nlast line\n')).toBe(true);
		expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(OUTPUT_CAP_BYTES);
		expect(step!.truncated).toEqual({ bytes: totalBytes - Buffer.byteLength(kept), lines: totalLines - (kept.match(/\n/g)?.length ?? 0) });
		expect(note).toBe(cutNote(step!.truncated!));
		expect(note).toMatch(/^\[… 571\.0 MiB \(598,736,\d{3} bytes, 54,430,\d{3} lines\) cut from the middle: stored output is capped at 1 MiB/);
		// Streamed, not gathered: the engine never held the 600 MB.
		expect(peakRss - baseRss).toBeLessThan(200 * 1024 * 1024);

		const record = LabRecordSchema.parse(JSON.parse(JSON.stringify(buildRecord(run, '0.0.0-test'))));
		expect(record.steps[0]).toMatchObject({ output: step!.output, truncated: step!.truncated, exitCode: 0 });
	});

	it('says in the failure report how much of a failing step’s output was cut', async () => {
		const page = lab('failing-big-output', '```bash run\nseq 1 400000\necho giving up >&2\nexit 4\n```\n');
		const run = await runLab(page, new DockerTarget(), { check: checkStep });

		expect(run.failure?.phase).toBe('step');
		const [step] = run.steps;
		expect(step).toMatchObject({ exitCode: 4, ok: false });
		// seq 1 400000 prints 2,688,895 bytes; with "giving up\n", 400,001 lines.
		const { kept } = split(step!.output);
		expect(step!.truncated).toEqual({ bytes: 2_688_895 + 10 - Buffer.byteLength(kept), lines: 400_001 - (kept.match(/\n/g)?.length ?? 0) });
		expect(kept.startsWith('1\n2\n3\n')).toBe(true);
		expect(kept.endsWith('399999\n400000\ngiving up\n')).toBe(true);

		const report = renderFailureReport(run);
		expect(report).toContain(`output: ${formatBytes(step!.truncated!.bytes)} (${step!.truncated!.bytes.toLocaleString('en')} bytes, ${step!.truncated!.lines.toLocaleString('en')} lines) cut from the middle: stored output is capped at 1 MiB, its first and last 512 KiB kept`);
		expect(report).toContain(cutNote(step!.truncated!));
		expect(report).toMatch(/exited with code 4; expected 0/);
	});
});
