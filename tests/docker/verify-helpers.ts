import { spawn, execFile } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The project root and the fixture labs the docker tier runs. */
export const ROOT = resolve(import.meta.dirname, '../..');
export const FIXTURE_LABS = join(ROOT, 'tests/fixtures/labs');

/** A private copy of the fixture labs (records and reports land there, never in the repo). */
export async function fixtureCopy(): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'verify-cli-'));
	await cp(FIXTURE_LABS, dir, { recursive: true, filter: (src) => !src.endsWith('.outputs.json') });
	return dir;
}

/** A running `npm run verify` child: its output so far, and how it ended. */
export interface VerifyChild {
	pid: number;
	output: () => string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	/** Resolves once the output contains text. */
	waitFor: (text: string, timeoutMs?: number) => Promise<void>;
	kill: (signal: NodeJS.Signals) => void;
}

/**
 * Starts the verify CLI in cwd as a user would run it (tsx, its own process),
 * on the docker target unless `target` says otherwise.
 */
export function startVerify(cwd: string, args: string[], env: Record<string, string> = {}, target = 'docker'): VerifyChild {
	// `node --import tsx`, as `npm run verify` does: one process, so signals reach verify itself
	// (the tsx CLI wrapper SIGKILLs a child that does not confirm a relayed signal within 30 ms).
	const loader = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
	const child = spawn(process.execPath, ['--import', loader, join(ROOT, 'scripts/cli/verify.ts'), '--target', target, ...args], {
		cwd,
		env: { ...process.env, TESTCONTAINERS_RYUK_DISABLED: 'true', ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let text = '';
	const waiters: { text: string; resolve: () => void }[] = [];
	const onData = (chunk: Buffer) => {
		text += chunk.toString();
		for (const w of [...waiters]) {
			if (!text.includes(w.text)) continue;
			waiters.splice(waiters.indexOf(w), 1);
			w.resolve();
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('close', (code, signal) => res({ code, signal })));
	return {
		pid: child.pid ?? -1,
		output: () => text,
		exited,
		kill: (signal) => child.kill(signal),
		waitFor: (wanted, timeoutMs = 120_000) =>
			new Promise<void>((res, rej) => {
				if (text.includes(wanted)) return res();
				const timer = setTimeout(() => rej(new Error(`verify did not print "${wanted}" within ${timeoutMs} ms; output so far:\n${text}`)), timeoutMs);
				waiters.push({ text: wanted, resolve: () => (clearTimeout(timer), res()) });
			}),
	};
}

/** Runs the verify CLI to completion. */
export async function runVerify(cwd: string, args: string[], env: Record<string, string> = {}, target = 'docker'): Promise<{ code: number | null; output: string }> {
	const child = startVerify(cwd, args, env, target);
	const { code } = await child.exited;
	return { code, output: child.output() };
}

/** Ids of containers (running or not) carrying a label, e.g. `dev.k8s-services-verified.run=<id>`. */
export async function containersWithLabel(label: string): Promise<string[]> {
	const { stdout } = await exec('docker', ['ps', '-aq', '--filter', `label=${label}`]);
	return stdout.split('\n').filter(Boolean);
}
