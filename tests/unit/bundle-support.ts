/**
 * Helpers for the bundle tests: a lab built in code (the Lab model, as the
 * extractor produces it), reading a tar.gz back, and parsing lab.sh back into
 * the steps it runs, so tests compare the script with the page, not with itself.
 */
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import type { FileStep, Lab, RunStep, Step } from '../../scripts/model/lab.ts';

/** A file step of a test lab. */
export function fileStep(path: string, content: string, line: number, file = 'tutorials/services/demo.mdx'): FileStep {
	return { kind: 'file', path, lang: 'yaml', content, position: { file, line }, hash: '0'.repeat(64) };
}

/** A run step of a test lab; index is assigned by testLab. */
export function runStep(command: string, line: number, options: Partial<RunStep['options']> = {}, expect?: string): RunStep {
	const file = 'tutorials/services/demo.mdx';
	return {
		kind: 'run',
		index: -1,
		command,
		lang: 'bash',
		options: { timeout: 60, retry: 0, exit: 0, k3s: false, ...options },
		expect: expect === undefined ? undefined : { text: expect, position: { file, line: line + 3 } },
		position: { file, line },
		hash: '0'.repeat(64),
	};
}

/** A Lab from steps in page order, with run indexes numbered as the extractor does. */
export function testLab(steps: Step[], namespace = 'demo-lab', file = 'tutorials/services/demo.mdx'): Lab {
	let index = 0;
	const numbered = steps.map((step) => (step.kind === 'run' ? { ...step, index: index++ } : step));
	return {
		file,
		title: 'Demo lab',
		options: { namespace, k3sArgs: ['--disable=traefik'], timeout: 900, images: [], nodes: 1 },
		image: 'rancher/k3s:v1.36.4-k3s1',
		steps: numbered,
		runs: numbered.filter((step): step is RunStep => step.kind === 'run'),
	};
}

/** An archive entry read back. */
export interface ReadEntry {
	name: string;
	type: string;
	mode: number;
	content: Buffer;
}

/** Read every entry of a tar.gz. */
export async function readTarGz(bytes: Uint8Array): Promise<ReadEntry[]> {
	const entries: ReadEntry[] = [];
	const reader = extract();
	const done = new Promise<void>((resolve, reject) => {
		reader.on('entry', (header, stream, next) => {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
			stream.on('end', () => {
				entries.push({ name: header.name, type: header.type ?? 'file', mode: header.mode ?? 0, content: Buffer.concat(chunks) });
				next();
			});
			stream.resume();
		});
		reader.on('finish', resolve);
		reader.on('error', reject);
	});
	reader.end(gunzipSync(bytes));
	await done;
	return entries;
}

/** One command lab.sh runs, as parsed back from the script. */
export interface ScriptStep {
	label: string;
	where: string;
	command: string;
	exit: number;
	retry: number;
}

function unquote(word: string): string {
	return word.startsWith("'") ? word.slice(1, -1).replaceAll(`'\\''`, "'") : word;
}

/**
 * The commands lab.sh runs, in script order: every quoted here-document read
 * by lab_read and the lab_run call after it (the clean-up, defined as a
 * function before the set-up, comes first; find it by its label).
 */
export function parseScript(script: string): ScriptStep[] {
	const lines = script.split('\n');
	const steps: ScriptStep[] = [];
	for (let i = 0; i < lines.length; i++) {
		const open = /^\s*lab_read <<'([A-Z0-9_]+)'$/.exec(lines[i] ?? '');
		if (!open) continue;
		const body: string[] = [];
		let j = i + 1;
		while (j < lines.length && lines[j] !== open[1]) body.push(lines[j++] ?? '');
		const call = /^\s*lab_run ('(?:[^']|'\\'')*') ('(?:[^']|'\\'')*') (\d+) (\d+)$/.exec(lines[j + 1] ?? '');
		if (!call) throw new Error(`lab.sh line ${j + 2}: expected a lab_run call after the here-document, found: ${lines[j + 1]}`);
		steps.push({ label: unquote(call[1]!), where: unquote(call[2]!), command: body.join('\n'), exit: Number(call[3]), retry: Number(call[4]) });
		i = j + 1;
	}
	return steps;
}
