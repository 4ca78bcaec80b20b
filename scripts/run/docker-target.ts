import { GenericContainer, PullPolicy, type StartedTestContainer } from 'testcontainers';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from './busybox-image.ts';
import { containerLabels } from './cleanup.ts';
import { copyLabFiles, dockerServerVersion, execInContainer } from './container-exec.ts';
import type { ExecResult, LabFile, Provenance, Target } from './target.ts';

/** PID 1 of a test container: sleeps, and exits at once on SIGTERM so stopping takes no 10 s grace. */
const IDLE_COMMAND = 'trap "exit 0" TERM INT; while :; do sleep 1 & wait $!; done';

/**
 * A plain busybox container from the locally built image: no Kubernetes, so
 * it runs shell-only fixture labs. It exists so the docker test tier can
 * drive the very same runner (session, timeouts, retry, records, clean-up)
 * where no k3s image can be had.
 */
export class DockerTarget implements Target {
	readonly name = 'docker';
	readonly labDir = '/lab';
	readonly stateDir = '/tmp/lab-session';
	#container: StartedTestContainer | undefined;
	#stopped = false;

	constructor(readonly image: string = BUSYBOX_IMAGE) {}

	async start(): Promise<void> {
		if (this.image === BUSYBOX_IMAGE) await ensureBusyboxImage();
		const container = await new GenericContainer(this.image)
			.withPullPolicy(PullPolicy.neverPull())
			.withEntrypoint(['/bin/sh', '-c'])
			.withCommand([IDLE_COMMAND])
			.withLabels(containerLabels())
			.start();
		this.#container = container;
		// stop() may have been called while we were starting: honour it now.
		if (this.#stopped) {
			await this.stop();
			throw new Error('docker target stopped while starting');
		}
	}

	async writeFiles(files: LabFile[]): Promise<void> {
		await copyLabFiles(this.#started(), this.labDir, files);
	}

	exec(script: string, timeoutMs: number): Promise<ExecResult> {
		return execInContainer(this.#started(), script, timeoutMs);
	}

	prelude(): string | undefined {
		return undefined;
	}

	async provenance(): Promise<Provenance> {
		return {
			target: this.name,
			image: this.image,
			serverVersion: 'none',
			kubectlVersion: 'none',
			containerEngine: await dockerServerVersion(),
		};
	}

	async diagnostics(): Promise<string> {
		if (!this.#container) return 'the container never started';
		try {
			const r = await this.#container.exec(['sh', '-c', 'ps; echo; ls -la /lab']);
			return `$ ps; ls -la /lab\n${r.output}`;
		} catch (error) {
			return `diagnostics failed: ${(error as Error).message}`;
		}
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		const container = this.#container;
		this.#container = undefined;
		if (container) await container.stop({ timeout: 2_000, remove: true, removeVolumes: true });
	}

	/** The id of the running container (for tests and the bench's raw `docker exec`). */
	get containerId(): string {
		return this.#started().getId();
	}

	#started(): StartedTestContainer {
		if (!this.#container) throw new Error('docker target: not started (call start() first)');
		return this.#container;
	}
}
