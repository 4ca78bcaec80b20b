/**
 * A Target on the reader's own cluster: steps run in a local `sh` with
 * KUBECONFIG pointing at a private copy of their current context, in a
 * temporary lab directory; the lab's namespace is created by the usual set-up
 * (namespaceSetup) and deleted by stop() unless the reader keeps it. TMPDIR
 * points inside the private directory, so the set-up's own kubeconfig copy
 * (mktemp) and any temporary file a step makes go when it is removed.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { namespaceSetup, namespaceTeardown } from '../model/namespace.ts';
import { KILLED_EXIT_CODE } from './container-exec.ts';
import { OutputCap } from './output-cap.ts';
import type { ExecResult, LabFile, Provenance, Target } from './target.ts';

const run = promisify(execFile);

/** Options of CurrentClusterTarget. */
export interface CurrentClusterOptions {
	namespace: string;
	/** The private kubeconfig copy (see scripts/cli/lab/kubeconfig.ts). */
	kubeconfig: string;
	/** A private temporary directory: the lab directory and the session state go inside. */
	workDir: string;
}

/** Runs a lab on the reader's current context; see the module comment. */
export class CurrentClusterTarget implements Target {
	readonly name = 'current';
	readonly labDir: string;
	readonly stateDir: string;
	readonly tmpDir: string;
	#stopped = false;

	constructor(readonly options: CurrentClusterOptions) {
		this.labDir = join(options.workDir, 'lab');
		this.stateDir = join(options.workDir, 'session');
		this.tmpDir = join(options.workDir, 'tmp');
	}

	#env(): NodeJS.ProcessEnv {
		return { ...process.env, KUBECONFIG: this.options.kubeconfig, TMPDIR: this.tmpDir };
	}

	/** Nothing to boot: the reader's cluster is up. Only the directories are made. */
	async start(): Promise<void> {
		await mkdir(this.labDir, { recursive: true });
		await mkdir(this.stateDir, { recursive: true });
		await mkdir(this.tmpDir, { recursive: true });
	}

	async writeFiles(files: LabFile[]): Promise<void> {
		for (const file of files) {
			if (file.path.startsWith('/') || file.path.split('/').includes('..')) {
				throw new Error(`lab file path must stay inside the lab directory, found "${file.path}"`);
			}
			const path = join(this.labDir, file.path);
			await mkdir(dirname(path), { recursive: true });
			await writeFile(`${path}.tmp`, file.content);
			await rename(`${path}.tmp`, path);
		}
	}

	/** Runs the script in its own process group, so a timeout kills the step and everything it started. */
	exec(script: string, timeoutMs: number): Promise<ExecResult> {
		const started = performance.now();
		return new Promise((resolve, reject) => {
			const child = spawn('sh', ['-c', script], { cwd: this.labDir, env: this.#env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
			const cap = new OutputCap();
			let timedOut = false;
			child.stdout.on('data', (chunk: Buffer) => cap.push(chunk));
			child.stderr.on('data', (chunk: Buffer) => cap.push(chunk));
			const timer = setTimeout(() => {
				timedOut = true;
				try {
					process.kill(-child.pid!, 'SIGKILL');
				} catch {
					// already gone
				}
			}, Math.max(0, timeoutMs));
			child.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				const exitCode = timedOut ? KILLED_EXIT_CODE : (code ?? (signal ? KILLED_EXIT_CODE : 1));
				resolve({ ...cap.finish(), exitCode, durationMs: Math.round(performance.now() - started), timedOut });
			});
		});
	}

	/** The namespace set-up every reader runs first; it changes the private kubeconfig copy only. */
	prelude(): string {
		return namespaceSetup(this.options.namespace);
	}

	async provenance(): Promise<Provenance> {
		let serverVersion = 'unknown';
		let kubectlVersion = 'unknown';
		try {
			const { stdout } = await run('kubectl', ['version', '-o', 'json'], { env: this.#env(), timeout: 20_000 });
			const v = JSON.parse(stdout) as { clientVersion?: { gitVersion?: string }; serverVersion?: { gitVersion?: string } };
			serverVersion = v.serverVersion?.gitVersion ?? serverVersion;
			kubectlVersion = v.clientVersion?.gitVersion ?? kubectlVersion;
		} catch {
			// Provenance is informative here; nothing is recorded from a reader's cluster.
		}
		return { target: this.name, image: 'none', serverVersion, kubectlVersion, containerEngine: 'none' };
	}

	async diagnostics(): Promise<string> {
		const ns = this.options.namespace;
		const r = await this.exec(
			`exec 2>&1; echo '$ kubectl -n ${ns} get events --sort-by=.lastTimestamp'; kubectl -n ${ns} get events --sort-by=.lastTimestamp | tail -n 40; echo; echo '$ kubectl -n ${ns} get all'; kubectl -n ${ns} get all`,
			60_000,
		);
		return r.output;
	}

	/** Deletes the lab's namespace (namespaceTeardown) and the private directory; safe to call twice. */
	async stop(): Promise<void> {
		if (this.#stopped) return;
		this.#stopped = true;
		try {
			await this.exec(`exec 2>&1; ${namespaceTeardown(this.options.namespace)}`, 60_000);
		} finally {
			await rm(this.options.workDir, { recursive: true, force: true });
		}
	}
}
