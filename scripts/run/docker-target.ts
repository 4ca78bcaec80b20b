import { GenericContainer, PullPolicy, type StartedTestContainer } from 'testcontainers';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from './busybox-image.ts';
import { containerLabels } from './cleanup.ts';
import { copyLabFiles, dockerServerVersion, execInContainer } from './container-exec.ts';
import { ContainerSlot } from './container-slot.ts';
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
	readonly #slot = new ContainerSlot<StartedTestContainer>('docker target', 2_000);

	constructor(readonly image: string = BUSYBOX_IMAGE) {}

	async start(): Promise<void> {
		if (this.image === BUSYBOX_IMAGE) await ensureBusyboxImage();
		await this.#slot.start(() =>
			new GenericContainer(this.image)
				.withPullPolicy(PullPolicy.neverPull())
				.withEntrypoint(['/bin/sh', '-c'])
				.withCommand([IDLE_COMMAND])
				.withLabels(containerLabels())
				.start(),
		);
	}

	async writeFiles(files: LabFile[]): Promise<void> {
		await copyLabFiles(this.#slot.started(), this.labDir, files);
	}

	exec(script: string, timeoutMs: number): Promise<ExecResult> {
		return execInContainer(this.#slot.started(), script, timeoutMs);
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
		const container = this.#slot.container;
		if (!container) return 'the container is not running';
		try {
			const r = await container.exec(['sh', '-c', 'ps; echo; ls -la /lab']);
			return `$ ps; ls -la /lab\n${r.output}`;
		} catch (error) {
			return `diagnostics failed: ${(error as Error).message}`;
		}
	}

	stop(): Promise<void> {
		return this.#slot.stop();
	}

	/** The id of the running container (for tests and the bench's raw `docker exec`). */
	get containerId(): string {
		return this.#slot.started().getId();
	}
}
