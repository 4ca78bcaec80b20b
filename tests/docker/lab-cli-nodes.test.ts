/**
 * `npm run lab -- --cluster current` for a lab on several nodes: it counts the
 * Ready nodes of the reader's cluster before creating anything, and refuses
 * with the reason when there are too few. The reader's kubectl is a stand-in
 * script on PATH that answers the few questions the CLI asks and logs them:
 * a test of the CLI's checks, not a cluster run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { countReady } from '../../scripts/cli/lab/node-count.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const made: string[] = [];
afterAll(() => {
	for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A stand-in kubectl: a reader's context, no lab namespace yet, and nodes whose Ready states are `ready`. */
function fakeKubectl(dir: string, ready: string[]): void {
	const nodes = ready.map((r) => `echo ${r}`).join('; ');
	writeFileSync(
		join(dir, 'kubectl'),
		`#!/bin/sh
printf '%s\\n' "$*" >> "${dir}/kubectl.log"
case "$*" in
  "config current-context") echo readers-own-cluster ;;
  "config view --minify -o json") echo '{"contexts":[{"context":{"cluster":"readers-cluster"}}],"clusters":[{"cluster":{"server":"https://127.0.0.1:9"}}]}' ;;
  "config view --raw --minify --flatten") printf 'apiVersion: v1\\nkind: Config\\n' ;;
  "get namespace "*) ;;
  "get nodes -o jsonpath="*) ${nodes || 'true'} ;;
  *) echo "stand-in kubectl: $*" ;;
esac
`,
		{ mode: 0o755 },
	);
}

/** Writes a lab page needing `nodes` nodes into a fresh directory with a stand-in kubectl; returns the directory. */
function setUp(nodes: number, ready: string[]): string {
	const dir = mkdtempSync(join(tmpdir(), 'lab-cli-nodes-'));
	made.push(dir);
	fakeKubectl(dir, ready);
	const F = '```';
	writeFileSync(
		join(dir, 'multi.mdx'),
		['---', 'title: Several nodes', 'lab:', '  namespace: multi-node-lab', `  nodes: ${nodes}`, '---', '', `${F}bash run`, 'echo hello', F, '', `${F}text expect`, 'hello', F, ''].join('\n'),
	);
	return dir;
}

/** Runs the lab CLI in dir on multi.mdx with the stand-in kubectl first on PATH. */
function runLabCli(dir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
	const loader = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
	return new Promise((done, fail) => {
		const child = spawn(process.execPath, ['--import', loader, join(ROOT, 'scripts/cli/lab.ts'), 'multi.mdx', ...args], {
			cwd: dir,
			env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, TMPDIR: dir, TESTCONTAINERS_RYUK_DISABLED: 'true' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		child.on('error', fail);
		child.on('close', (code) => done({ code, stdout, stderr }));
	});
}

const calls = (dir: string) => (existsSync(join(dir, 'kubectl.log')) ? readFileSync(join(dir, 'kubectl.log'), 'utf8').split('\n').filter(Boolean) : []);

describe('lab CLI: lab.nodes on --cluster current', () => {
	it('counts only nodes whose Ready condition is True', () => {
		expect(countReady('True\nFalse\nUnknown\nTrue\n')).toBe(2);
		expect(countReady('')).toBe(0);
	});

	it('refuses a 3-node lab on a cluster with 1 Ready node of 2, before creating anything (exit 2)', async () => {
		const dir = setUp(3, ['True', 'False']);
		const r = await runLabCli(dir, ['--cluster', 'current', '--yes']);
		expect(r.code, r.stderr).toBe(2);
		expect(r.stdout).toContain('It needs 3 Ready nodes (lab.nodes)');
		expect(r.stderr).toContain('lab: multi.mdx needs 3 Ready nodes (lab.nodes: 3); readers-own-cluster has 1.');
		expect(r.stderr).toContain('--cluster k3s');
		expect(r.stderr).toContain('Nothing done.');
		expect(calls(dir).filter((c) => !/^(config |get namespace |get nodes )/.test(c))).toEqual([]);
		expect(readdirSync(dir).filter((f) => f.startsWith('labs-')), 'the private kubeconfig copy is removed').toEqual([]);
	});

	it('goes on when the cluster has enough Ready nodes', async () => {
		const dir = setUp(2, ['True', 'True']);
		const r = await runLabCli(dir, ['--cluster', 'current', '--yes']);
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(r.stdout).toContain('All 1 steps as the page shows.');
		expect(calls(dir).some((c) => c.startsWith('get nodes -o jsonpath='))).toBe(true);
	});

	it('does not ask about nodes for a one-node lab', async () => {
		const dir = setUp(1, []);
		const r = await runLabCli(dir, ['--cluster', 'current', '--yes']);
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(calls(dir).some((c) => c.startsWith('get nodes'))).toBe(false);
	});
});
