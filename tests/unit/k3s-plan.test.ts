import { K3sContainer } from '@testcontainers/k3s';
import type { GenericContainer } from 'testcontainers';
import { describe, expect, it } from 'vitest';
import { containerLabels } from '../../scripts/run/cleanup.ts';
import { nodeContainer } from '../../scripts/run/k3s-nodes.ts';
import { K3S_HOST_SETTINGS, planCluster, type NodeSpec } from '../../scripts/run/k3s-plan.ts';

/**
 * The k3s target's plan, read against Testcontainers' k3s module and the k3s
 * agent documentation: the server and agent command lines, the join
 * environment, names a page can use, and the host settings every node gets.
 * Nothing here starts a container.
 */
const IMAGE = 'rancher/k3s:v1.36.2-k3s1';

/** What GenericContainer will send to the engine (protected fields, read as the engine would get them). */
function wouldCreate(container: GenericContainer) {
	const c = container as unknown as {
		createOpts: { Cmd?: string[]; Labels?: Record<string, string>; name?: string };
		hostConfig: { Privileged?: boolean; CgroupnsMode?: string; Binds?: string[]; Tmpfs?: Record<string, string> };
		environment: Record<string, string>;
		networkMode?: string;
	};
	return { cmd: c.createOpts.Cmd, labels: c.createOpts.Labels, name: c.createOpts.name, host: c.hostConfig, env: c.environment, network: c.networkMode };
}

/** The host settings a container gets, in the engine's terms. */
function hostOf(container: GenericContainer) {
	const { host } = wouldCreate(container);
	return { Privileged: host.Privileged, CgroupnsMode: host.CgroupnsMode, Binds: host.Binds, Tmpfs: host.Tmpfs };
}

describe('planCluster: one node', () => {
	const plan = planCluster(IMAGE, { k3sArgs: ['--disable=traefik'], nodes: 1 }, 'abc');

	it('is the server alone, started as before: `server` and the lab k3sArgs, no network, no names', () => {
		expect(plan.nodes).toBe(1);
		expect(plan.network).toBeUndefined();
		expect(plan.server).toMatchObject({ role: 'server', image: IMAGE, command: ['server', '--disable=traefik'], env: {}, network: undefined, nodeName: undefined, containerName: undefined });
		expect(plan.agents('K10abc::server:xyz')).toEqual([]);
	});

	it('passes k3sArgs [] as a bare `server` (Traefik kept)', () => {
		expect(planCluster(IMAGE, { k3sArgs: [], nodes: 1 }).server.command).toEqual(['server']);
	});
});

describe('planCluster: three nodes', () => {
	const plan = planCluster(IMAGE, { k3sArgs: ['--disable=traefik', '--disable=metrics-server'], nodes: 3 }, '0123456789ab');
	const agents = plan.agents('K10cafe::server:secret\n');

	it('puts every node on a network made for the lab', () => {
		expect(plan.network).toBe('labs-k3s-0123456789ab');
		for (const spec of [plan.server, ...agents]) expect(spec.network).toBe(plan.network);
	});

	it('starts the server with the lab k3sArgs, its node name, and a certificate naming what agents dial', () => {
		expect(plan.server.command).toEqual([
			'server',
			'--disable=traefik',
			'--disable=metrics-server',
			'--node-name=server',
			'--tls-san=labs-k3s-0123456789ab-server',
		]);
		expect(plan.serverUrl).toBe('https://labs-k3s-0123456789ab-server:6443');
	});

	it('makes nodes − 1 agents of the same image joining with K3S_URL and the server token, never the server args', () => {
		expect(agents).toHaveLength(2);
		for (const [i, agent] of agents.entries()) {
			expect(agent.role).toBe('agent');
			expect(agent.image).toBe(IMAGE);
			expect(agent.command).toEqual(['agent', `--node-name=agent-${i + 1}`]);
			expect(agent.env).toEqual({ K3S_URL: plan.serverUrl, K3S_TOKEN: 'K10cafe::server:secret' });
		}
	});

	it('gives stable node names a page can use as kubernetes.io/hostname, and unique container names', () => {
		const names = [plan.server, ...agents].map((s) => s.nodeName);
		expect(names).toEqual(['server', 'agent-1', 'agent-2']);
		for (const name of names) expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
		const containers = [plan.server, ...agents].map((s) => s.containerName);
		expect(new Set(containers).size).toBe(3);
		expect(planCluster(IMAGE, { k3sArgs: [], nodes: 3 }).network).not.toBe(planCluster(IMAGE, { k3sArgs: [], nodes: 3 }).network);
	});

	it('refuses to make agents without a token, and a cluster of no nodes', () => {
		expect(() => plan.agents('  ')).toThrow('an agent needs the server join token');
		expect(() => planCluster(IMAGE, { k3sArgs: [], nodes: 0 })).toThrow('at least 1');
	});
});

describe('node containers', () => {
	const plan = planCluster(IMAGE, { k3sArgs: ['--disable=traefik'], nodes: 2 }, 'feedface0000');
	const [agentSpec] = plan.agents('K10beef::server:token') as [NodeSpec];

	it('every spec asks for what K3sContainer gives a server: privileged, host cgroups, tmpfs /run and /var/run', () => {
		const reference = hostOf(new K3sContainer(IMAGE));
		expect(reference).toEqual({
			Privileged: K3S_HOST_SETTINGS.privileged,
			CgroupnsMode: K3S_HOST_SETTINGS.cgroupnsMode,
			Binds: ['/sys/fs/cgroup:/sys/fs/cgroup:rw'],
			Tmpfs: K3S_HOST_SETTINGS.tmpfs,
		});
		expect(hostOf(nodeContainer(plan.server))).toEqual(reference);
		expect(hostOf(nodeContainer(agentSpec))).toEqual(reference);
	});

	it('the server is a K3sContainer with the plan command, network, name and the run labels', () => {
		const server = nodeContainer(plan.server);
		expect(server).toBeInstanceOf(K3sContainer);
		expect(wouldCreate(server)).toMatchObject({ cmd: plan.server.command, network: plan.network, name: plan.server.containerName, labels: containerLabels() });
	});

	it('an agent runs `k3s agent` with the join environment, on the network, labelled', () => {
		expect(wouldCreate(nodeContainer(agentSpec))).toMatchObject({
			cmd: ['agent', '--node-name=agent-1'],
			env: { K3S_URL: 'https://labs-k3s-feedface0000-server:6443', K3S_TOKEN: 'K10beef::server:token' },
			network: plan.network,
			name: 'labs-k3s-feedface0000-agent-1',
			labels: containerLabels(),
		});
	});

	it('one node keeps the container exactly as before: no network, no name', () => {
		const single = wouldCreate(nodeContainer(planCluster(IMAGE, { k3sArgs: ['--disable=traefik'], nodes: 1 }).server));
		expect(single).toMatchObject({ cmd: ['server', '--disable=traefik'], network: undefined, name: undefined });
	});
});
