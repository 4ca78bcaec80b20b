import type { StartedTestContainer } from 'testcontainers';
import { removeContainer } from './cleanup.ts';

/**
 * The start/stop bookkeeping every container target needs, in one place:
 * stop() may come before, during or after start() (an interrupt, a lab
 * timeout during boot), and whichever way, the container ends up removed.
 * stop() waits for a start under way, and a failed graceful stop falls back
 * to a forced removal, so a busy engine cannot make a container leak silently.
 */
export class ContainerSlot<C extends StartedTestContainer> {
	#container: C | undefined;
	#starting: Promise<C> | undefined;
	#removing: Promise<void> | undefined;
	#stopped = false;

	/** @param what names the target in errors, e.g. "k3s target". */
	constructor(
		readonly what: string,
		readonly stopTimeoutMs: number,
	) {}

	/** Starts the container with create(); throws if stop() came first or meanwhile (the container is then removed). */
	async start(create: () => Promise<C>): Promise<C> {
		if (this.#stopped) throw new Error(`${this.what} was stopped before it started`);
		this.#starting = create();
		const container = await this.#starting;
		this.#container = container;
		if (this.#stopped) {
			await this.#remove();
			throw new Error(`${this.what} was stopped while starting`);
		}
		return container;
	}

	/** The running container, or undefined before start and after stop. */
	get container(): C | undefined {
		return this.#removing ? undefined : this.#container;
	}

	/** The running container; throws a clear error when there is none. */
	started(): C {
		const c = this.container;
		if (!c) throw new Error(`${this.what}: not running (start() not called, failed, or stop() called)`);
		return c;
	}

	/** Stops and removes the container, waiting for a start under way first. Safe to call any number of times. */
	async stop(): Promise<void> {
		this.#stopped = true;
		await this.#starting?.catch(() => undefined);
		await this.#remove();
	}

	#remove(): Promise<void> {
		this.#removing ??= (async () => {
			const container = this.#container;
			if (!container) return;
			try {
				await container.stop({ timeout: this.stopTimeoutMs, remove: true, removeVolumes: true });
			} catch {
				await removeContainer(container.getId());
			}
		})();
		return this.#removing;
	}
}
