/**
 * Helpers for the k3s target's orchestration tests on stand-in nodes: a lab
 * page made in memory, and what this run left on the engine.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { extractLab } from '../../scripts/extract/index.ts';
import type { Lab } from '../../scripts/model/lab.ts';
import { RUN_ID_LABEL } from '../../scripts/run/target.ts';

const run = promisify(execFile);

/** The image named in the stand-in labs; it is never pulled or run (stand-ins are busybox). */
export const STANDIN_K3S_IMAGE = 'rancher/k3s:v1.36.2-k3s1';

/** Options of a lab page made for these tests. */
export interface StandInLab {
	nodes?: number;
	images?: string[];
	/** The whole-lab budget in seconds. */
	timeout?: number;
	/** Shell run steps, in order. */
	steps?: string[];
}

/** A lab extracted from a page written here, so the options go through the real frontmatter schema. */
export function standInLab(options: StandInLab = {}): Lab {
	const F = '```';
	const lines = ['---', 'title: Stand-in cluster', 'lab:', '  namespace: standin-lab'];
	if (options.nodes !== undefined) lines.push(`  nodes: ${options.nodes}`);
	if (options.images) lines.push(`  images: [${options.images.map((i) => JSON.stringify(i)).join(', ')}]`);
	if (options.timeout !== undefined) lines.push(`  timeout: ${options.timeout}`);
	lines.push('---', '');
	for (const step of options.steps ?? ['echo "a step on the server node"']) lines.push(`${F}bash run`, step, F, '');
	const lab = extractLab('tests/standin.mdx', lines.join('\n'), { image: STANDIN_K3S_IMAGE });
	if (!lab) throw new Error('the stand-in page is not a lab');
	return lab;
}

/** Runs docker with args; resolves with trimmed stdout. */
export async function docker(...args: string[]): Promise<string> {
	const { stdout } = await run('docker', args, { timeout: 30_000 });
	return stdout.trim();
}

/** Containers (running or not) and networks that carry a run id's label. */
export async function leftovers(runId: string): Promise<{ containers: string[]; networks: string[] }> {
	const filter = `label=${RUN_ID_LABEL}=${runId}`;
	const lines = (text: string) => text.split('\n').filter(Boolean);
	return {
		containers: lines(await docker('ps', '-a', '--filter', filter, '--format', '{{.Names}}')),
		networks: lines(await docker('network', 'ls', '--filter', filter, '--format', '{{.Name}}')),
	};
}
