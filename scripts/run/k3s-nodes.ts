/**
 * Real k3s node containers for a ClusterPlan: the server is Testcontainers'
 * K3sContainer; an agent is the same pinned image running `k3s agent`, with
 * the host settings K3sContainer gives the server (K3S_HOST_SETTINGS).
 */
import { K3sContainer } from '@testcontainers/k3s';
import { GenericContainer, type StartedTestContainer } from 'testcontainers';
import { containerLabels } from './cleanup.ts';
import type { NodeFactory } from './k3s-cluster.ts';
import type { NodeSpec } from './k3s-plan.ts';
import { createLabNetwork } from './lab-network.ts';

/**
 * A k3s agent node. Testcontainers has no agent class, so this one sets what
 * K3sContainer sets for a server, from the plan's host settings. Whether it
 * joined is judged on the server (the readiness script counts Ready nodes),
 * so the container counts as started once it runs.
 */
export class K3sAgentContainer extends GenericContainer {
	constructor(spec: NodeSpec) {
		super(spec.image);
		// As K3sContainer does; dockerode's HostConfig type lacks the field.
		Object.assign(this.hostConfig, { CgroupnsMode: spec.host.cgroupnsMode });
		if (spec.host.privileged) this.withPrivilegedMode();
		this.withBindMounts(spec.host.bindMounts.map((m) => ({ ...m })));
		for (const [path, options] of Object.entries(spec.host.tmpfs)) this.withTmpFs({ [path]: options });
		this.withCommand(spec.command).withEnvironment(spec.env).withLabels(containerLabels());
		if (spec.network) this.withNetworkMode(spec.network);
		if (spec.containerName) this.withName(spec.containerName);
	}
}

/** The container a server spec asks for, not yet started: K3sContainer with the plan's command, network and name. */
export function serverContainer(spec: NodeSpec): K3sContainer {
	const container = new K3sContainer(spec.image).withCommand(spec.command).withLabels(containerLabels());
	if (Object.keys(spec.env).length) container.withEnvironment(spec.env);
	if (spec.network) container.withNetworkMode(spec.network);
	if (spec.containerName) container.withName(spec.containerName);
	return container;
}

/** The container a node spec asks for, not yet started. */
export function nodeContainer(spec: NodeSpec): GenericContainer {
	return spec.role === 'server' ? serverContainer(spec) : new K3sAgentContainer(spec);
}

/** Real k3s nodes on a labelled lab network: what `verify` and `npm run lab -- --cluster k3s` run. */
export const k3sNodes: NodeFactory = {
	createNetwork: createLabNetwork,
	startNode: (spec): Promise<StartedTestContainer> => nodeContainer(spec).start(),
};
