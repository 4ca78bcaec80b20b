import { randomUUID } from 'node:crypto';
import { LAB_CONTAINER_LABEL, RUN_ID_LABEL, type Target } from './target.ts';

/**
 * This engine process's run id: every container it starts is labelled with it.
 * LABS_RUN_ID sets it, so a test can find exactly the containers of the process it started.
 */
export const RUN_ID = process.env.LABS_RUN_ID?.trim() || randomUUID();

/** Labels for every container and network this process creates (see LAB_CONTAINER_LABEL). */
export function containerLabels(): Record<string, string> {
	return { [LAB_CONTAINER_LABEL]: '1', [RUN_ID_LABEL]: RUN_ID };
}

const live = new Set<Target>();

/** Remembers a target so an interrupt can stop it; pair with untrack() after stop(). */
export function track(target: Target): void {
	live.add(target);
}

/** Forgets a stopped target. */
export function untrack(target: Target): void {
	live.delete(target);
}

/**
 * Stops every tracked target and, until all of them have settled, keeps
 * removing whatever container carries this run's label: that catches a
 * container whose creation was under way when the interrupt came (its
 * target's start then fails, and its stop settles). A last sweep follows.
 */
export async function stopAll(): Promise<void> {
	const targets = [...live];
	live.clear();
	let settled = false;
	const stopping = Promise.allSettled(targets.map((t) => t.stop())).then(() => {
		settled = true;
	});
	const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
	while (!settled) {
		await removeLabelled({ [RUN_ID_LABEL]: RUN_ID });
		await Promise.race([stopping, sleep(1_000)]);
	}
	// A create request already sent may still land (slowly, on a busy engine): look a few more times.
	for (const pause of [0, ...SWEEP_PAUSES_MS]) {
		await sleep(pause);
		await removeLabelled({ [RUN_ID_LABEL]: RUN_ID });
	}
}

/** Pauses between the last sweeps after an interrupt. */
const SWEEP_PAUSES_MS = [500, 1_000];

/** Force-removes one container with its anonymous volumes; never throws (it may be gone already). */
export async function removeContainer(id: string): Promise<void> {
	try {
		const { getContainerRuntimeClient } = await import('testcontainers');
		const client = await getContainerRuntimeClient();
		await client.container.dockerode.getContainer(id).remove({ force: true, v: true });
	} catch {
		// Already gone, or the engine is unreachable: the run-label sweep is the next net.
	}
}

/** Force-removes one network; never throws (it may be gone already). */
export async function removeNetwork(id: string): Promise<void> {
	try {
		const { getContainerRuntimeClient } = await import('testcontainers');
		const client = await getContainerRuntimeClient();
		await client.container.dockerode.getNetwork(id).remove();
	} catch {
		// Already gone, or still in use by a container being removed: the run-label sweep is the next net.
	}
}

/**
 * Force-removes every container (running or not) carrying all the given
 * labels, then every network carrying them (a multi-node lab's network can
 * only go once its nodes are gone); returns how many containers.
 */
export async function removeLabelled(labels: Record<string, string>): Promise<number> {
	try {
		// Imported here so that a CLI that runs nothing never loads the container client.
		const { getContainerRuntimeClient } = await import('testcontainers');
		const client = await getContainerRuntimeClient();
		const docker = client.container.dockerode;
		const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
		const found = await docker.listContainers({ all: true, filters });
		await Promise.allSettled(found.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
		const networks = await docker.listNetworks({ filters });
		await Promise.allSettled(networks.map((n) => docker.getNetwork(n.Id).remove()));
		return found.length;
	} catch {
		return 0;
	}
}

/** Longest an interrupt waits for the clean-up before exiting anyway. */
const STOP_ALL_LIMIT_MS = 60_000;

let installed = false;
let interruptedBy: NodeJS.Signals | undefined;

/** The signal that interrupted this process, if any: after it, nothing may be recorded or reported. */
export function interrupted(): NodeJS.Signals | undefined {
	return interruptedBy;
}

/**
 * On SIGINT or SIGTERM: say so, stop every container this process started
 * (and a multi-node lab's network), and exit 130, so Ctrl-C never leaves a
 * cluster running. A second signal while cleaning up is ignored rather than
 * abandoning the clean-up.
 */
export function installSignalCleanup(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
	if (installed) return;
	installed = true;
	let stopping = false;
	const onSignal = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		interruptedBy = signal;
		log(`\n${signal}: stopping ${live.size} lab target(s) and removing their containers…`);
		// Never hang on an engine that stopped answering: give up after STOP_ALL_LIMIT_MS.
		const limit = setTimeout(() => {
			log(`${signal}: clean-up took over ${STOP_ALL_LIMIT_MS / 1000} s; containers labelled ${RUN_ID_LABEL}=${RUN_ID} may remain`);
			process.exit(130);
		}, STOP_ALL_LIMIT_MS);
		void stopAll().finally(() => {
			clearTimeout(limit);
			process.exit(130);
		});
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
}
