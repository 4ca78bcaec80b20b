/**
 * The shape of a lab's throwaway k3s, decided before anything starts: which
 * containers, with which k3s command line, environment, host privileges and
 * names, on which network. Pure, so it is unit-tested without an engine;
 * k3s-cluster.ts carries a plan out, in its order: network, server, the
 * server's join token, then the agents.
 *
 * One node is the server alone, started exactly as Testcontainers'
 * K3sContainer starts it (no network of our own, k3s names the node after the
 * container's hostname). More nodes share a Docker network made for the lab;
 * the nodes get stable names a page can use (`server`, `agent-1`, `agent-2`,
 * which k3s also sets as each node's `kubernetes.io/hostname` label).
 */
import { randomUUID } from 'node:crypto';
import type { LabOptions } from '../model/lab.ts';

/** The k3s supervisor and API server port: agents join through it (K3S_URL). */
export const K3S_API_PORT = 6443;

/** Where the k3s server writes its join token, in the secure `K10<CA hash>::…` form that lets an agent check the server's CA. */
export const SERVER_TOKEN_FILE = '/var/lib/rancher/k3s/server/token';

/** Node name of the server in a cluster of more than one node. */
export const SERVER_NODE_NAME = 'server';

/** Node name of the nth agent (1-based): agent-1, agent-2. */
export function agentNodeName(n: number): string {
	return `agent-${n}`;
}

/**
 * What k3s needs from the host in a container, as Testcontainers' K3sContainer
 * sets it for the server: privileged (k3s runs containerd, iptables and
 * kubelet inside), the host's cgroup namespace and cgroup tree, and fresh
 * tmpfs mounts for /run and /var/run. Agents run the same node software, so
 * they need the same. A stand-in container for tests is never given these.
 */
export const K3S_HOST_SETTINGS = {
	privileged: true,
	cgroupnsMode: 'host',
	bindMounts: [{ source: '/sys/fs/cgroup', target: '/sys/fs/cgroup' }],
	tmpfs: { '/run': 'rw', '/var/run': 'rw' },
} as const;

/** One node's container, as the plan wants it. */
export interface NodeSpec {
	role: 'server' | 'agent';
	/** The Kubernetes node name (`--node-name`); undefined on one node, where k3s takes the container's hostname. */
	nodeName: string | undefined;
	/** The container's name, unique on the engine; undefined lets Docker choose. Agents reach the server by it. */
	containerName: string | undefined;
	/** The pinned k3s image: every node runs the same one. */
	image: string;
	/** The k3s command line: `server …` or `agent …`. */
	command: string[];
	/** Environment: K3S_URL and K3S_TOKEN for an agent, nothing for the server. */
	env: Record<string, string>;
	/** The lab's Docker network, or undefined for the engine's default one. */
	network: string | undefined;
	/** Host privileges k3s needs (K3S_HOST_SETTINGS). */
	host: typeof K3S_HOST_SETTINGS;
}

/** A whole cluster: its size, network and server, and how to make the agents once the token is known. */
export interface ClusterPlan {
	nodes: number;
	/** The Docker network made for this lab; undefined for one node. */
	network: string | undefined;
	server: NodeSpec;
	/** The URL agents join (K3S_URL); undefined for one node. */
	serverUrl: string | undefined;
	/** The agents' specs (nodes − 1 of them), given the join token read from the server. */
	agents(token: string): NodeSpec[];
}

/**
 * Plans the cluster for a lab's options. `id` makes the network and
 * container names unique on the engine (several labs run at once with --jobs).
 */
export function planCluster(image: string, options: Pick<LabOptions, 'k3sArgs' | 'nodes'>, id: string = randomUUID().replaceAll('-', '').slice(0, 12)): ClusterPlan {
	if (!Number.isInteger(options.nodes) || options.nodes < 1) throw new Error(`a cluster needs a whole number of nodes, at least 1; found ${options.nodes}`);
	const host = K3S_HOST_SETTINGS;
	if (options.nodes === 1) {
		return {
			nodes: 1,
			network: undefined,
			serverUrl: undefined,
			server: { role: 'server', nodeName: undefined, containerName: undefined, image, command: ['server', ...options.k3sArgs], env: {}, network: undefined, host },
			agents: () => [],
		};
	}
	const network = `labs-k3s-${id}`;
	const serverContainer = `${network}-${SERVER_NODE_NAME}`;
	const serverUrl = `https://${serverContainer}:${K3S_API_PORT}`;
	return {
		nodes: options.nodes,
		network,
		serverUrl,
		server: {
			role: 'server',
			nodeName: SERVER_NODE_NAME,
			containerName: serverContainer,
			image,
			// The server's certificate must name what agents dial (K3sContainer adds --tls-san only for network aliases).
			command: ['server', ...options.k3sArgs, `--node-name=${SERVER_NODE_NAME}`, `--tls-san=${serverContainer}`],
			env: {},
			network,
			host,
		},
		agents: (token) => {
			if (!token.trim()) throw new Error('an agent needs the server join token; it is empty');
			return Array.from({ length: options.nodes - 1 }, (_, i) => {
				const nodeName = agentNodeName(i + 1);
				return {
					role: 'agent' as const,
					nodeName,
					containerName: `${network}-${nodeName}`,
					image,
					command: ['agent', `--node-name=${nodeName}`],
					env: { K3S_URL: serverUrl, K3S_TOKEN: token.trim() },
					network,
					host,
				};
			});
		},
	};
}
