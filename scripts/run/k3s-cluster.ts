/**
 * Carries out a ClusterPlan (k3s-plan.ts): the lab's network, then the
 * server, then the join token read from the server, then every agent at once,
 * and removes all of it again, whichever way a run ends. The containers come
 * from a NodeFactory: k3s-nodes.ts makes real k3s nodes; the docker test tier
 * passes stand-in containers, so this very code is tested where no k3s can run.
 */
import type { StartedTestContainer } from 'testcontainers';
import { removeNetwork } from './cleanup.ts';
import { ContainerSlot } from './container-slot.ts';
import { SERVER_TOKEN_FILE, type ClusterPlan, type NodeSpec } from './k3s-plan.ts';

/** A started Docker network, as Testcontainers' StartedNetwork has it. */
export interface LabNetwork {
	getId(): string;
	getName(): string;
	stop(): Promise<unknown>;
}

/** Makes a cluster's network and node containers. */
export interface NodeFactory {
	/** Creates the lab's network, labelled for the clean-up sweeps. */
	createNetwork(name: string): Promise<LabNetwork>;
	/** Creates and starts one node's container as the spec says (command, env, network, names, host settings, labels). */
	startNode(spec: NodeSpec): Promise<StartedTestContainer>;
}

/** A node that has started: its spec and its container. */
export interface StartedNode {
	spec: NodeSpec;
	container: StartedTestContainer;
}

/** How long a node container gets to stop before it is killed. */
const STOP_TIMEOUT_MS = 10_000;

/** How long the server may take to write its join token once its container counts as started. */
const TOKEN_TIMEOUT_MS = 60_000;

/** Reads the server's join token, waiting for k3s to write it; throws when it never comes. */
export async function readJoinToken(server: StartedTestContainer, timeoutMs = TOKEN_TIMEOUT_MS): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const r = await server.exec(['cat', SERVER_TOKEN_FILE]);
		const token = r.stdout.trim();
		if (r.exitCode === 0 && token) return token;
		const last = r.output.trim();
		if (Date.now() >= deadline) {
			throw new Error(`the k3s server wrote no join token to ${SERVER_TOKEN_FILE} within ${Math.round(timeoutMs / 1000)} s${last ? ` (${last})` : ''}`);
		}
		await new Promise((r) => setTimeout(r, 1_000));
	}
}

/**
 * One lab's k3s nodes. stop() may come before, during or after start() (an
 * interrupt, the lab timeout during boot), and whichever way, every node
 * container and the network end up removed: each node has a ContainerSlot,
 * and a node that has not begun starting by then never will.
 */
export class K3sCluster {
	readonly #server = new ContainerSlot<StartedTestContainer>('k3s server', STOP_TIMEOUT_MS);
	readonly #agents: ContainerSlot<StartedTestContainer>[];
	#network: Promise<LabNetwork> | undefined;
	#stopped = false;
	#stopping: Promise<void> | undefined;

	constructor(
		readonly plan: ClusterPlan,
		readonly factory: NodeFactory,
		readonly tokenTimeoutMs = TOKEN_TIMEOUT_MS,
	) {
		this.#agents = Array.from({ length: plan.nodes - 1 }, (_, i) => new ContainerSlot(`k3s agent ${i + 1}`, STOP_TIMEOUT_MS));
	}

	/**
	 * Starts the nodes in join order: the network, the server, then (with the
	 * server's token) every agent at once. `onNode` hears of each node as soon
	 * as its container runs, so image pre-pulls can begin on it. Resolves with
	 * the server; throws on the first failure, leaving the clean-up to stop().
	 */
	async start(onNode: (node: StartedNode) => void = () => {}): Promise<StartedTestContainer> {
		this.#check('before it started');
		if (this.plan.network) {
			this.#network = this.factory.createNetwork(this.plan.network);
			await this.#network;
			this.#check('while its network was being created');
		}
		const server = await this.#server.start(() => this.factory.startNode(this.plan.server));
		onNode({ spec: this.plan.server, container: server });
		if (this.#agents.length === 0) return server;
		const token = await readJoinToken(server, this.tokenTimeoutMs);
		this.#check('before its agents started');
		const specs = this.plan.agents(token);
		await Promise.all(
			specs.map(async (spec, i) => {
				const agent = await this.#agents[i]!.start(() => this.factory.startNode(spec));
				onNode({ spec, container: agent });
			}),
		);
		return server;
	}

	/** The server's container while it runs. */
	get server(): StartedTestContainer | undefined {
		return this.#server.container;
	}

	/** Removes every node container, then the network; waits for starts under way. Safe to call any number of times. */
	stop(): Promise<void> {
		this.#stopped = true;
		this.#stopping ??= (async () => {
			await Promise.all([this.#server, ...this.#agents].map((slot) => slot.stop()));
			const network = await this.#network?.catch(() => undefined);
			if (!network) return;
			try {
				await network.stop();
			} catch {
				await removeNetwork(network.getId());
			}
		})();
		return this.#stopping;
	}

	#check(when: string): void {
		if (this.#stopped) throw new Error(`the k3s cluster was stopped ${when}`);
	}
}
