import { randomUUID } from 'node:crypto';
import { LAB_CONTAINER_LABEL, RUN_ID_LABEL, type Target } from './target.ts';

/**
 * This engine process's run id: every container it starts is labelled with it.
 * LABS_RUN_ID sets it, so a test can find exactly the containers of the process it started.
 */
export const RUN_ID = process.env.LABS_RUN_ID?.trim() || randomUUID();

/** Labels for every container this process starts (see LAB_CONTAINER_LABEL). */
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
 * Stops every tracked target, then removes any container still labelled with
 * this run id: that catches a container whose creation was under way when
 * the interrupt came, before its target knew its id.
 */
export async function stopAll(): Promise<void> {
	const targets = [...live];
	live.clear();
	await Promise.allSettled(targets.map((t) => t.stop()));
	await removeLabelled({ [RUN_ID_LABEL]: RUN_ID });
	// A create request already sent when we listed may land just after (slowly, on a busy engine): look again.
	for (const pause of SWEEP_PAUSES_MS) {
		await new Promise((r) => setTimeout(r, pause));
		await removeLabelled({ [RUN_ID_LABEL]: RUN_ID });
	}
}

/** Pauses between the extra sweeps after an interrupt: about 3 s in all. */
const SWEEP_PAUSES_MS = [500, 1_000, 1_500];

/** Force-removes every container (running or not) carrying all the given labels; returns how many. */
export async function removeLabelled(labels: Record<string, string>): Promise<number> {
	try {
		// Imported here so that a CLI that runs nothing never loads the container client.
		const { getContainerRuntimeClient } = await import('testcontainers');
		const client = await getContainerRuntimeClient();
		const docker = client.container.dockerode;
		const found = await docker.listContainers({
			all: true,
			filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) },
		});
		await Promise.allSettled(found.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
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
 * On SIGINT or SIGTERM: say so, stop every container this process started, and
 * exit 130, so Ctrl-C never leaves a cluster running. A second signal while
 * cleaning up is ignored rather than abandoning the clean-up.
 */
export function installSignalCleanup(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
	if (installed) return;
	installed = true;
	let stopping = false;
	const onSignal = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		interruptedBy = signal;
		log(`\n${signal}: stopping ${live.size} lab container(s)…`);
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
