import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { LAB_CONTAINER_LABEL } from './target.ts';

const run = promisify(execFile);

/** How long `docker pull` of the k3s image may take before we call it unavailable. */
export const PULL_TIMEOUT_MS = 20_000;

/** Whether a real k3s can run here, with a one-line reason when not. */
export type ClusterAvailability = { ok: true } | { ok: false; reason: string };

function firstLine(error: unknown): string {
	const e = error as { stderr?: string; message?: string; killed?: boolean };
	if (e.killed) return 'timed out';
	const text = (e.stderr || e.message || String(error)).trim();
	return text.split('\n').find((l) => l.trim())?.trim() ?? 'unknown error';
}

/**
 * Checks, quickly, what a k3s lab needs from the container engine: the k3s
 * image present locally (or pullable within PULL_TIMEOUT_MS) and a privileged
 * container allowed to start (k3s runs containerd and iptables inside). Used
 * by `verify` to fail fast and by the cluster test tier to skip with a reason.
 */
export async function clusterAvailability(image: string, pullTimeoutMs = PULL_TIMEOUT_MS): Promise<ClusterAvailability> {
	try {
		await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 10_000 });
	} catch (error) {
		return { ok: false, reason: `no Docker engine answers (${firstLine(error)})` };
	}
	try {
		await run('docker', ['image', 'inspect', '--format', '{{.Id}}', image], { timeout: 10_000 });
	} catch {
		try {
			await run('docker', ['pull', '--quiet', image], { timeout: pullTimeoutMs });
		} catch (error) {
			return { ok: false, reason: `the k3s image ${image} is not present and cannot be pulled (${firstLine(error)})` };
		}
	}
	try {
		await run('docker', ['run', '--rm', '--privileged', '--label', `${LAB_CONTAINER_LABEL}=1`, image, '--version'], {
			timeout: 30_000,
		});
	} catch (error) {
		return { ok: false, reason: `a privileged container cannot start, and k3s needs one (${firstLine(error)})` };
	}
	return { ok: true };
}
