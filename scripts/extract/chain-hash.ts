/**
 * Chain hashes: each step's hash covers the k3s image, the lab options, the
 * previous step's hash and the step itself. A recorded output is shown as
 * verified only while its hash still equals the page's, so editing step k
 * makes steps k..n stale and leaves steps before k fresh, and changing the
 * image or the lab options makes every step stale.
 */
import { createHash } from 'node:crypto';
import type { LabOptions, RunOptions } from '../model/lab.ts';

/** Bumped when what goes into a hash changes, so old records turn stale rather than falsely fresh. */
export const CHAIN_HASH_VERSION = 1;

/** The parts of a step that decide its outcome (never its position: moving prose around keeps records fresh). */
export type HashableStep =
	| { kind: 'file'; path: string; lang: string; content: string }
	| { kind: 'run'; command: string; options: Pick<RunOptions, 'timeout' | 'retry' | 'exit'>; expect?: string | undefined };

/**
 * JSON with object keys sorted at every level and no whitespace, so the same
 * value always gives the same bytes whatever order its keys were built in.
 * Undefined object members are dropped (as JSON.stringify does).
 */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
	const entries = Object.entries(value as Record<string, unknown>)
		.filter(([, v]) => v !== undefined)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The part of a step that is hashed: only the fields named in HashableStep, whatever else the object holds. */
function hashable(step: HashableStep): HashableStep {
	return step.kind === 'file'
		? { kind: 'file', path: step.path, lang: step.lang, content: step.content }
		: { kind: 'run', command: step.command, options: { timeout: step.options.timeout, retry: step.options.retry, exit: step.options.exit }, expect: step.expect ?? undefined };
}

/** sha256 (hex) of one step given the previous step's hash ('' for the first step). */
export function stepHash(previous: string, image: string, options: LabOptions, step: HashableStep): string {
	const payload = canonicalJson({
		v: CHAIN_HASH_VERSION,
		image,
		// nodes joins the hash only when it is not the default, so every hash made before it existed stays valid.
		lab: { namespace: options.namespace, k3sArgs: options.k3sArgs, timeout: options.timeout, images: options.images, nodes: options.nodes === 1 ? undefined : options.nodes },
		previous,
		step: hashable(step),
	});
	return createHash('sha256').update(payload).digest('hex');
}

/** The chain of hashes of a lab's steps, in page order. */
export function chainHashes(image: string, options: LabOptions, steps: readonly HashableStep[]): string[] {
	const hashes: string[] = [];
	let previous = '';
	for (const step of steps) {
		previous = stepHash(previous, image, options, step);
		hashes.push(previous);
	}
	return hashes;
}
