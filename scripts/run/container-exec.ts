import { randomUUID } from 'node:crypto';
import { getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import { killStepScript, STEP_TOKEN_VAR } from './session.ts';
import type { ExecResult, LabFile } from './target.ts';

/** Extra time a killed step gets to let go of its output stream before the runner stops waiting. */
const KILL_GRACE_MS = 10_000;

/** Exit code reported for a step that was killed (128 + SIGKILL), as a shell would show it. */
export const KILLED_EXIT_CODE = 137;

/**
 * Runs a script in a container with `docker exec` and kills it, with every
 * process it started, once timeoutMs has passed. `docker exec` has no timeout
 * of its own and killing the client does not stop the process inside, so the
 * step's processes carry a token in their environment and a second exec kills
 * whatever carries it.
 */
export async function execInContainer(
	container: StartedTestContainer,
	script: string,
	timeoutMs: number,
): Promise<ExecResult> {
	const token = randomUUID();
	const started = performance.now();
	let timedOut = false;
	let killed: Promise<unknown> = Promise.resolve();
	let timer: NodeJS.Timeout | undefined;
	let graceTimer: NodeJS.Timeout | undefined;
	const gaveUp = new Promise<undefined>((resolve) => {
		timer = setTimeout(() => {
			timedOut = true;
			killed = container.exec(['sh', '-c', killStepScript(token)]).catch(() => undefined);
			graceTimer = setTimeout(() => resolve(undefined), KILL_GRACE_MS);
		}, Math.max(0, timeoutMs));
	});
	try {
		const result = await Promise.race([container.exec(['sh', '-c', script], { env: { [STEP_TOKEN_VAR]: token } }), gaveUp]);
		await killed;
		const durationMs = Math.round(performance.now() - started);
		if (!result) return { output: '', exitCode: KILLED_EXIT_CODE, durationMs, timedOut: true };
		return {
			output: result.output,
			exitCode: timedOut ? KILLED_EXIT_CODE : result.exitCode,
			durationMs,
			timedOut,
		};
	} finally {
		clearTimeout(timer);
		clearTimeout(graceTimer);
	}
}

/** Writes lab files under labDir with one archive copy (parent directories are created by the engine). */
export async function copyLabFiles(container: StartedTestContainer, labDir: string, files: LabFile[]): Promise<void> {
	for (const file of files) {
		if (file.path.startsWith('/') || file.path.split('/').includes('..')) {
			throw new Error(`lab file path must stay inside the lab directory, found "${file.path}"`);
		}
	}
	if (files.length === 0) return;
	await container.copyContentToContainer(
		files.map((f) => ({ content: f.content, target: `${labDir}/${f.path}`, mode: 0o644 })),
	);
}

/** The Docker server version, for provenance ("unknown" if the engine does not say). */
export async function dockerServerVersion(): Promise<string> {
	try {
		const client = await getContainerRuntimeClient();
		const version = await client.container.dockerode.version();
		return `Docker ${version.Version}`;
	} catch {
		return 'unknown';
	}
}
