import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { CHROMIUM_PATH } from '../../scripts/site-harness/chromium.ts';

const run = promisify(execFile);

/** A tier's prerequisite: present, or missing with a one-line reason. */
export type Prereq = { ok: true } | { ok: false; reason: string };


function firstLine(error: unknown): string {
	const e = error as { stderr?: string; message?: string };
	const text = (e.stderr || e.message || String(error)).trim();
	return text.split('\n').find((l) => l.trim())?.trim() ?? 'unknown error';
}

/** The docker tier needs a Docker engine that answers within 10 s, and busybox-static to build its image. */
export async function dockerPrereq(): Promise<Prereq> {
	try {
		await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000 });
	} catch (error) {
		return { ok: false, reason: `no Docker engine answers (docker info: ${firstLine(error)})` };
	}
	if (!existsSync('/bin/busybox')) {
		return { ok: false, reason: 'busybox-static is not installed (/bin/busybox missing); apt-get install busybox-static' };
	}
	return { ok: true };
}

/** The site tier needs a Chromium binary (Debian's chromium; never a downloaded browser). */
export async function chromiumPrereq(): Promise<Prereq> {
	return existsSync(CHROMIUM_PATH)
		? { ok: true }
		: { ok: false, reason: `no Chromium at ${CHROMIUM_PATH}; apt-get install chromium or set CHROMIUM_PATH` };
}

/**
 * The cluster tier needs a real k3s: the pinned image present locally or
 * pullable within a short timeout, and a privileged container allowed to
 * start. Answers in well under 30 s where nothing can be pulled.
 */
export async function clusterPrereq(): Promise<Prereq> {
	const { clusterAvailability } = await import('../../scripts/run/k3s-available.ts');
	const { k3sImage } = await import('../../scripts/model/k3s-image.ts');
	return clusterAvailability(k3sImage(), 15_000);
}
