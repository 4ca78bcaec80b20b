/**
 * --keep: after the lab, tell the reader how to reach what is still running
 * and how to remove it. For a kept k3s that means a kubeconfig on the host
 * (mode 0600) pointing at the container's published API port.
 */
import { mkdtemp, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getContainerRuntimeClient } from 'testcontainers';
import { namespaceTeardown } from '../../model/namespace.ts';
import { RUN_ID } from '../../run/cleanup.ts';
import { RUN_ID_LABEL, type Target } from '../../run/target.ts';

/** The k3s API server port inside the node container. */
const K3S_API_PORT = 6443;

/**
 * What this process started (one lab): the container steps ran in (for k3s,
 * the server, which publishes the API port), every container to remove (a
 * multi-node lab's agents too), and the lab's network if it has one.
 */
export async function keptContainer(): Promise<{ id: string; apiPort?: string; all: string[]; networks: string[] } | undefined> {
	const client = await getContainerRuntimeClient();
	const docker = client.container.dockerode;
	const filters = { label: [`${RUN_ID_LABEL}=${RUN_ID}`] };
	const found = await docker.listContainers({ filters });
	const api = (c: (typeof found)[number]) => c.Ports.find((p) => p.PrivatePort === K3S_API_PORT && p.PublicPort);
	const main = found.find(api) ?? found[0];
	if (!main) return undefined;
	const port = api(main);
	const networks = (await docker.listNetworks({ filters })).map((n) => n.Name);
	const short = (id: string) => id.slice(0, 12);
	return { id: short(main.Id), apiPort: port ? String(port.PublicPort) : undefined, all: [main, ...found.filter((c) => c !== main)].map((c) => short(c.Id)), networks };
}

/**
 * A host kubeconfig for a kept k3s: the node's kubeconfig with the lab's
 * namespace made current (the steps ran on a copy of it, see namespace.ts) and
 * the server moved to the published port. Written to a new private directory,
 * mode 0600; returns its path.
 */
export async function writeKeptKubeconfig(target: Target, apiPort: string, namespace: string): Promise<string> {
	const r = await target.exec(
		`KUBECONFIG=/root/.kube/config kubectl config set-context --current --namespace=${namespace} >/dev/null 2>&1; cat /root/.kube/config`,
		20_000,
	);
	if (r.exitCode !== 0) throw new Error(`could not read the node's kubeconfig (exit ${r.exitCode}): ${r.output.trim()}`);
	const text = r.output.replace(/server: https:\/\/[^\s]+/g, `server: https://127.0.0.1:${apiPort}`);
	const dir = await mkdtemp(join(tmpdir(), 'labs-keep-'));
	const path = join(dir, 'kubeconfig');
	await writeFile(path, text, { mode: 0o600 });
	await chmod(path, 0o600);
	return path;
}

/** Lines telling the reader how to reach a kept target and how to remove it. */
export async function keepInstructions(kind: 'k3s' | 'docker' | 'current', target: Target, namespace: string, privateDir?: string): Promise<string[]> {
	if (kind === 'current') {
		return [
			`The namespace ${namespace} is still there. To explore it with the lab's settings:`,
			`  export KUBECONFIG=${join(privateDir ?? '', 'kubeconfig')}   # a private copy (mode 0600); ${namespace} is its current namespace`,
			'  kubectl get all',
			'Remove it when you are done:',
			...namespaceTeardown(namespace)
				.split('\n')
				.map((line) => `  ${line}`),
			`  rm -r ${privateDir}`,
		];
	}
	const container = await keptContainer();
	if (!container) return ['--keep: the container is gone (it stopped on its own); nothing to remove.'];
	if (kind === 'docker') {
		return [
			`The container ${container.id} is still running (no Kubernetes in it: docker test target).`,
			`  docker exec -it ${container.id} sh -c 'cd ${target.labDir} && sh'`,
			'Remove it when you are done:',
			`  docker rm -f ${container.id}`,
		];
	}
	const nodes = container.all.length > 1 ? ` (server; ${container.all.length} node containers in all)` : '';
	const remove = [`docker rm -f ${container.all.join(' ')}`, ...container.networks.map((n) => `docker network rm ${n}`)].join(' && ');
	const lines = [`The k3s cluster is still running in container ${container.id}${nodes}.`];
	if (container.apiPort) {
		const kubeconfig = await writeKeptKubeconfig(target, container.apiPort, namespace);
		lines.push(
			`  export KUBECONFIG=${kubeconfig}   # mode 0600; namespace ${namespace} is current`,
			'  kubectl get all',
			'or, without kubectl on this machine:',
		);
		lines.push(`  docker exec -it ${container.id} kubectl -n ${namespace} get all`, 'Remove it when you are done:', `  ${remove} && rm -r ${join(kubeconfig, '..')}`);
	} else {
		lines.push(`  docker exec -it ${container.id} kubectl -n ${namespace} get all`, 'Remove it when you are done:', `  ${remove}`);
	}
	return lines;
}
