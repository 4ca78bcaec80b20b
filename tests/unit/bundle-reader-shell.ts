/**
 * A reader's machine in a temporary directory, for the bundle tests: a home
 * with a kubeconfig, a private TMPDIR, the stand-in kubectl first on PATH.
 * Runs text (a pasted set-up, lab.sh) in a local shell and reports what
 * changed: the kubeconfig bytes, files left in TMPDIR, the kubectl calls.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKE_KUBECTL } from './bundle-kubectl.ts';

/** A kubeconfig a reader may have (its cluster is never reached: the stand-in answers). */
export const READER_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: home
  cluster:
    server: https://192.0.2.10:6443
    certificate-authority: ca.crt
contexts:
- name: home-admin
  context:
    cluster: home
    user: admin
current-context: home-admin
users:
- name: admin
  user:
    token: not-a-secret
`;

/** What one run left behind. */
export interface ShellRun {
	status: number | null;
	stdout: string;
	stderr: string;
	/** Every kubectl call as `KUBECONFIG|args`. */
	calls: string[];
	/** Names left in the reader's TMPDIR. */
	leftInTmp: string[];
}

/** A temporary reader machine; remove() deletes it. */
export class ReaderMachine {
	readonly root = mkdtempSync(join(tmpdir(), 'bundle-reader-'));
	readonly home = join(this.root, 'home');
	readonly kubeconfig = join(this.home, '.kube', 'config');
	readonly tmp = join(this.root, 'tmp');
	readonly state = join(this.root, 'kube-state');
	readonly bin = join(this.root, 'bin');

	constructor(kubeconfig: string | null = READER_KUBECONFIG) {
		for (const dir of [this.home, join(this.home, '.kube'), this.tmp, this.state, join(this.state, 'ns'), this.bin]) mkdirSync(dir, { recursive: true });
		if (kubeconfig !== null) writeFileSync(this.kubeconfig, kubeconfig, { mode: 0o600 });
		writeFileSync(join(this.home, '.kube', 'ca.crt'), 'a CA certificate\n');
		writeFileSync(join(this.bin, 'kubectl'), FAKE_KUBECTL);
		chmodSync(join(this.bin, 'kubectl'), 0o755);
	}

	/** A namespace the stand-in cluster has, as an earlier run left it. */
	namespace(name: string, phase: 'Active' | 'Terminating'): void {
		writeFileSync(join(this.state, 'ns', name), phase);
	}

	/** Whether the stand-in cluster still has the namespace. */
	hasNamespace(name: string): boolean {
		return existsSync(join(this.state, 'ns', name));
	}

	/** Every file of the reader's home (their kubeconfig and what sits beside it), path → bytes. */
	homeFiles(): Map<string, Buffer> {
		const files = new Map<string, Buffer>();
		for (const entry of readdirSync(this.home, { recursive: true, withFileTypes: true })) {
			if (entry.isFile()) files.set(join(entry.parentPath, entry.name), readFileSync(join(entry.parentPath, entry.name)));
		}
		return files;
	}

	/** Runs `script` with `shell` (argv) as the reader would, with their environment plus `env`. */
	run(shell: string[], script: string, env: Record<string, string | undefined> = {}): ShellRun {
		rmSync(join(this.state, 'calls-env'), { force: true });
		const base: NodeJS.ProcessEnv = {
			PATH: `${this.bin}:${process.env.PATH}`,
			HOME: this.home,
			TMPDIR: this.tmp,
			FAKE_KUBE_STATE: this.state,
		};
		for (const [key, value] of Object.entries(env)) {
			if (value === undefined) delete base[key];
			else base[key] = value;
		}
		const r = spawnSync(shell[0]!, [...shell.slice(1)], { input: script, env: base, cwd: this.root, encoding: 'utf8', timeout: 60_000 });
		let calls: string[] = [];
		try {
			calls = readFileSync(join(this.state, 'calls-env'), 'utf8').split('\n').filter(Boolean);
		} catch {
			// no kubectl call
		}
		return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls, leftInTmp: readdirSync(this.tmp) };
	}

	remove(): void {
		rmSync(this.root, { recursive: true, force: true });
	}
}

/** The shells a reader pastes into that are installed here: sh always; bash, dash, zsh and busybox sh when present. */
export function installedShells(): string[][] {
	const candidates = [['sh'], ['bash'], ['dash'], ['zsh'], ['busybox', 'sh']];
	return candidates.filter(([bin]) => bin === 'sh' || spawnSync('which', [bin!]).status === 0);
}
