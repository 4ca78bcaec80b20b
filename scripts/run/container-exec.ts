import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import { OutputCap } from './output-cap.ts';
import { killStepScript, STEP_TOKEN_VAR } from './session.ts';
import type { ExecResult, LabFile } from './target.ts';

/** Extra time a killed step gets to let go of its output stream before the runner stops waiting. */
const KILL_GRACE_MS = 10_000;

/** Exit code reported for a step that was killed (128 + SIGKILL), as a shell would show it. */
export const KILLED_EXIT_CODE = 137;

/** A running `docker exec`: its exit code once the output has ended, and a way to let go of the stream early. */
interface RunningExec {
	exitCode: Promise<number>;
	release(): void;
}

/**
 * Starts `sh -c script` in the container with its stdout and stderr streamed,
 * in the order they arrive, into cap. Testcontainers' own exec joins the whole
 * output into one string, which fails past V8's string limit (a step printing
 * 600 MB) and may split a UTF-8 character between two chunks.
 */
async function startExec(container: StartedTestContainer, script: string, env: Record<string, string>, cap: OutputCap): Promise<RunningExec> {
	const client = await getContainerRuntimeClient();
	const exec = await client.container.getById(container.getId()).exec({
		Cmd: ['sh', '-c', script],
		AttachStdout: true,
		AttachStderr: true,
		Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
	});
	const stream = await exec.start({ Detach: false, Tty: false });
	const sink = new Writable({
		write(chunk: Buffer, _encoding, done) {
			cap.push(chunk);
			done();
		},
	});
	client.container.dockerode.modem.demuxStream(stream, sink, sink);
	const exitCode = finished(stream).then(async () => (await exec.inspect()).ExitCode ?? -1);
	return {
		exitCode,
		release: () => stream.destroy(),
	};
}

/**
 * Runs a script in a container with `docker exec` and kills it, with every
 * process it started, once timeoutMs has passed. `docker exec` has no timeout
 * of its own and killing the client does not stop the process inside, so the
 * step's processes carry a token in their environment and a second exec kills
 * whatever carries it. The output is stored up to OUTPUT_CAP_BYTES (see
 * output-cap.ts); a step killed at its timeout keeps what it printed.
 */
export async function execInContainer(
	container: StartedTestContainer,
	script: string,
	timeoutMs: number,
): Promise<ExecResult> {
	const token = randomUUID();
	const started = performance.now();
	const cap = new OutputCap();
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
	let running: RunningExec | undefined;
	let settled = false;
	try {
		// Starting the exec counts against the timeout too: an engine that does not answer is given up on.
		const ended = startExec(container, script, { [STEP_TOKEN_VAR]: token }, cap).then((r) => {
			if (settled) r.release();
			else running = r;
			return r.exitCode;
		});
		const exitCode = await Promise.race([ended, gaveUp]);
		await killed;
		const { output, truncated } = cap.finish();
		return {
			output,
			exitCode: timedOut || exitCode === undefined ? KILLED_EXIT_CODE : exitCode,
			durationMs: Math.round(performance.now() - started),
			timedOut: timedOut || exitCode === undefined,
			...(truncated && { truncated }),
		};
	} finally {
		settled = true;
		running?.release();
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
