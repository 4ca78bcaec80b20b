/**
 * The reader's kubeconfig, read but never written: `--cluster current` works
 * on a private, minified copy of the current context (mode 0600), so the lab's
 * `kubectl config set-context --current --namespace=…` changes the copy only.
 */
import { execFile } from 'node:child_process';
import { chmod, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What the reader's current context points at. */
export interface CurrentContext {
	context: string;
	cluster: string;
	server: string;
}

function reason(error: unknown): string {
	const e = error as { code?: string; stderr?: string; message?: string };
	if (e.code === 'ENOENT') return 'kubectl is not on PATH';
	return (e.stderr || e.message || String(error)).trim().split('\n')[0] ?? 'unknown error';
}

/** kubectl with the reader's own environment (their KUBECONFIG), read-only commands only. */
async function kubectl(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
	const { stdout } = await run('kubectl', args, { env, timeout: 20_000 });
	return stdout;
}

/** The current context's name, cluster and API server, read offline from the reader's kubeconfig. */
export async function readCurrentContext(env: NodeJS.ProcessEnv = process.env): Promise<CurrentContext> {
	try {
		const context = (await kubectl(['config', 'current-context'], env)).trim();
		const view = JSON.parse(await kubectl(['config', 'view', '--minify', '-o', 'json'], env)) as {
			contexts?: Array<{ context?: { cluster?: string } }>;
			clusters?: Array<{ cluster?: { server?: string } }>;
		};
		return {
			context,
			cluster: view.contexts?.[0]?.context?.cluster ?? '?',
			server: view.clusters?.[0]?.cluster?.server ?? '?',
		};
	} catch (error) {
		throw new Error(`cannot read your current kubectl context: ${reason(error)}`, { cause: error });
	}
}

/**
 * Writes a self-contained copy of the current context (credentials inlined) to
 * dir/kubeconfig, mode 0600, atomically; returns its path.
 */
export async function writePrivateKubeconfig(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
	let text: string;
	try {
		text = await kubectl(['config', 'view', '--raw', '--minify', '--flatten'], env);
	} catch (error) {
		throw new Error(`cannot copy your current kubectl context: ${reason(error)}`, { cause: error });
	}
	const path = join(dir, 'kubeconfig');
	const temp = `${path}.${process.pid}.tmp`;
	await writeFile(temp, text, { mode: 0o600 });
	await chmod(temp, 0o600);
	await rename(temp, path);
	return path;
}

/** Whether a namespace exists on the cluster of a kubeconfig (undefined when the cluster cannot be asked). */
export async function namespaceExists(kubeconfig: string, namespace: string): Promise<boolean> {
	const env = { ...process.env, KUBECONFIG: kubeconfig };
	try {
		const out = await kubectl(['get', 'namespace', namespace, '--ignore-not-found', '-o', 'name'], env);
		return out.trim() !== '';
	} catch (error) {
		throw new Error(`cannot reach the cluster of your current context: ${reason(error)}`, { cause: error });
	}
}
