import type { StartedTestContainer } from 'testcontainers';
import type { LabOptions } from '../model/lab.ts';
import { namespaceSetup } from '../model/namespace.ts';
import { copyLabFiles, dockerServerVersion, execInContainer } from './container-exec.ts';
import { K3sCluster, type NodeFactory, type StartedNode } from './k3s-cluster.ts';
import { k3sNodes } from './k3s-nodes.ts';
import { planCluster, type ClusterPlan } from './k3s-plan.ts';
import { KUBECONFIG_IN_NODE, READY_TIMEOUT_S, readyScript } from './k3s-ready.ts';
import { shellQuote } from './session.ts';
import type { ExecResult, LabFile, Provenance, Target } from './target.ts';

/** How long one image pre-pull may take. */
const PULL_TIMEOUT_MS = 600_000;

/** Extra time the readiness script gets beyond its own budget before it is killed. */
const READY_GRACE_MS = 60_000;

/** What a failure report shows about the cluster: the nodes, recent events, then every pod that is not ready, described, with its logs. */
const DIAGNOSTICS_SCRIPT = `export KUBECONFIG=${KUBECONFIG_IN_NODE}
echo '$ kubectl get nodes -o wide'
kubectl get nodes -o wide 2>&1
echo
echo '$ kubectl get events -A --sort-by=.lastTimestamp'
kubectl get events -A --sort-by=.lastTimestamp 2>&1 | tail -n 80
echo
echo '$ kubectl get pods -A -o wide'
kubectl get pods -A -o wide 2>&1
kubectl get pods -A -o jsonpath='{range .items[*]}{.metadata.namespace}{" "}{.metadata.name}{" "}{.status.phase}{" "}{.status.containerStatuses[*].ready}{"\\n"}{end}' 2>/dev/null |
while read -r ns name phase ready; do
  [ "$phase" = Succeeded ] && continue
  case " $ready " in *" false "*|"  ") ;; *) continue ;; esac
  echo
  echo "$ kubectl -n $ns describe pod $name"
  kubectl -n "$ns" describe pod "$name" 2>&1 | tail -n 60
  echo
  echo "$ kubectl -n $ns logs $name --all-containers --tail=50"
  kubectl -n "$ns" logs "$name" --all-containers --tail=50 2>&1
done`;

/** How a K3sTarget makes its nodes and how long it waits for them; tests pass stand-ins and short budgets. */
export interface K3sTargetSetup {
	/** Where node containers come from. @default k3sNodes (real k3s) */
	nodeFactory?: NodeFactory;
	/** Seconds the nodes may take to be Ready and the system workloads to roll out. @default READY_TIMEOUT_S */
	readyTimeoutS?: number;
	/** Seconds the server may take to write its join token. @default 60 */
	tokenTimeoutS?: number;
}

/**
 * A throwaway k3s, one per lab: a server in a privileged container and, for
 * `lab.nodes` > 1, agents beside it on a network of the lab's own (see
 * k3s-plan.ts). The only target whose outputs are shown as verified. Steps
 * run in the server node; the lab's images are pulled into every node's
 * containerd while the cluster finishes booting.
 */
export class K3sTarget implements Target {
	readonly name = 'k3s';
	readonly labDir = '/lab';
	readonly stateDir = '/tmp/lab-session';
	readonly #cluster: K3sCluster;
	readonly #readyTimeoutS: number;
	#pulls: string[] = [];

	constructor(
		readonly image: string,
		readonly options: Pick<LabOptions, 'namespace' | 'k3sArgs' | 'images' | 'nodes'>,
		setup: K3sTargetSetup = {},
	) {
		this.#cluster = new K3sCluster(planCluster(image, options), setup.nodeFactory ?? k3sNodes, (setup.tokenTimeoutS ?? 60) * 1000);
		this.#readyTimeoutS = setup.readyTimeoutS ?? READY_TIMEOUT_S;
	}

	/** The network and node names this target uses (for --keep and for tests). */
	get plan(): ClusterPlan {
		return this.#cluster.plan;
	}

	async start(): Promise<void> {
		const pulls: Promise<string[]>[] = [];
		const server = await this.#cluster.start((node) => pulls.push(this.#pullAll(node)));
		const ready = await execInContainer(server, readyScript(this.options.nodes, this.#readyTimeoutS), this.#readyTimeoutS * 1000 + READY_GRACE_MS);
		this.#pulls = (await Promise.all(pulls)).flat();
		if (ready.exitCode !== 0) {
			throw new Error(`k3s did not become ready (exit ${ready.exitCode}${ready.timedOut ? ', timed out' : ''}):\n${ready.output.trim()}`);
		}
	}

	/** Pulls every lab image into one node's containerd; each result is a line for the diagnostics. */
	#pullAll(node: StartedNode): Promise<string[]> {
		const where = node.spec.nodeName ? ` on ${node.spec.nodeName}` : '';
		return Promise.all(this.options.images.map((image) => this.#pull(node.container, image, where)));
	}

	async #pull(container: StartedTestContainer, image: string, where: string): Promise<string> {
		try {
			const r = await execInContainer(container, `crictl pull ${shellQuote(image)} 2>&1`, PULL_TIMEOUT_MS);
			return r.exitCode === 0 ? `pulled ${image}${where}` : `pre-pull of ${image}${where} failed (exit ${r.exitCode}): ${r.output.trim()}`;
		} catch (error) {
			return `pre-pull of ${image}${where} failed: ${(error as Error).message}`;
		}
	}

	#server(): StartedTestContainer {
		const server = this.#cluster.server;
		if (!server) throw new Error('k3s target: not running (start() not called, failed, or stop() called)');
		return server;
	}

	async writeFiles(files: LabFile[]): Promise<void> {
		await copyLabFiles(this.#server(), this.labDir, files);
	}

	exec(script: string, timeoutMs: number): Promise<ExecResult> {
		return execInContainer(this.#server(), script, timeoutMs);
	}

	/** The namespace set-up every reader runs first (namespace.ts), with the node's private kubeconfig. */
	prelude(): string {
		return `export KUBECONFIG=${KUBECONFIG_IN_NODE}\n${namespaceSetup(this.options.namespace)}`;
	}

	async provenance(): Promise<Provenance> {
		let serverVersion = 'unknown';
		let kubectlVersion = 'unknown';
		try {
			const r = await this.#server().exec(['sh', '-c', `KUBECONFIG=${KUBECONFIG_IN_NODE} kubectl version -o json`]);
			const v = JSON.parse(r.stdout) as { clientVersion?: { gitVersion?: string }; serverVersion?: { gitVersion?: string } };
			serverVersion = v.serverVersion?.gitVersion ?? serverVersion;
			kubectlVersion = v.clientVersion?.gitVersion ?? kubectlVersion;
		} catch {
			// Provenance stays "unknown" rather than failing a lab that passed.
		}
		return { target: this.name, image: this.image, serverVersion, kubectlVersion, containerEngine: await dockerServerVersion() };
	}

	async diagnostics(): Promise<string> {
		const container = this.#cluster.server;
		if (!container) return 'the k3s server container is not running';
		try {
			const r = await execInContainer(container, DIAGNOSTICS_SCRIPT, 120_000);
			const pulls = this.#pulls.length ? `Image pre-pulls:\n${this.#pulls.join('\n')}\n\n` : '';
			return `${pulls}${r.output}`;
		} catch (error) {
			return `diagnostics failed: ${(error as Error).message}`;
		}
	}

	/** Removes every node container and the lab's network, whenever it is called. */
	stop(): Promise<void> {
		return this.#cluster.stop();
	}
}
