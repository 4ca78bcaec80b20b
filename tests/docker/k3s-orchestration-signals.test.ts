/**
 * Ctrl-C and SIGTERM during a multi-node boot, on stand-in nodes: the
 * process that runs the k3s target (k3s-standin-run.ts, wired as verify and
 * `npm run lab` are) removes every node container and the lab's network and
 * exits 130, whichever moment the signal comes. A test of our orchestration,
 * not a cluster run.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { ensureBusyboxImage } from '../../scripts/run/busybox-image.ts';
import { dockerPrereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';
import { leftovers } from './k3s-standin-support.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** Starts the stand-in run in its own process under a run id of its own; waitFor resolves once its output shows a text. */
function startRun(nodes: number, runId: string) {
	const loader = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
	const child = spawn(process.execPath, ['--import', loader, join(ROOT, 'tests/docker/k3s-standin-run.ts'), String(nodes)], {
		cwd: ROOT,
		env: { ...process.env, TESTCONTAINERS_RYUK_DISABLED: 'true', LABS_RUN_ID: runId },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const seen: { text: string; resolve: () => void }[] = [];
	const onData = (chunk: Buffer) => {
		output += chunk.toString();
		for (const w of [...seen]) {
			if (!output.includes(w.text)) continue;
			seen.splice(seen.indexOf(w), 1);
			w.resolve();
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
	return {
		exited,
		output: () => output,
		kill: (signal: NodeJS.Signals) => child.kill(signal),
		waitFor: (text: string, timeoutMs = 120_000) =>
			new Promise<void>((res, rej) => {
				if (output.includes(text)) return res();
				const timer = setTimeout(() => rej(new Error(`no "${text}" within ${timeoutMs} ms; output so far:\n${output}`)), timeoutMs);
				seen.push({ text, resolve: () => (clearTimeout(timer), res()) });
			}),
	};
}

const TIMEOUT = 240_000;
const nothingLeft = { containers: [], networks: [] };

describeTier('k3s target orchestration: interrupts on stand-in nodes (not a cluster run)', await dockerPrereq(), () => {
	beforeAll(() => ensureBusyboxImage(), 120_000);

	const moments: [NodeJS.Signals, string][] = [
		['SIGINT', 'started agent-2'],
		['SIGTERM', 'started agent-2'],
		['SIGINT', 'creating server'],
		['SIGINT', 'creating agent-1'],
	];
	for (const [signal, moment] of moments) {
		it(`${signal} after "${moment}": every node and the network removed, exit 130`, async () => {
			const runId = randomUUID();
			const run = startRun(3, runId);
			await run.waitFor(moment);
			run.kill(signal);
			expect(await run.exited, run.output()).toBe(130);
			expect(run.output()).toContain(`${signal}: stopping 1 lab target(s) and removing their containers`);
			expect(run.output()).not.toMatch(/PASSED|FAILED/);
			expect(await leftovers(runId)).toEqual(nothingLeft);
			await new Promise((r) => setTimeout(r, 3_000)); // nothing may appear late either
			expect(await leftovers(runId)).toEqual(nothingLeft);
		}, TIMEOUT);
	}
});
