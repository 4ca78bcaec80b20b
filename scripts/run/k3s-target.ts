import { K3sContainer, type StartedK3sContainer } from '@testcontainers/k3s';
import type { LabOptions } from '../model/lab.ts';
import { namespaceSetup } from '../model/namespace.ts';
import { containerLabels } from './cleanup.ts';
import { copyLabFiles, dockerServerVersion, execInContainer } from './container-exec.ts';
import { ContainerSlot } from './container-slot.ts';
import { shellQuote } from './session.ts';
import type { ExecResult, LabFile, Provenance, Target } from './target.ts';

/** Inside the node: a private copy of k3s's admin kubeconfig, so `set-context` never edits k3s's own file. */
const KUBECONFIG_IN_NODE = '/root/.kube/config';

/** How long the node may take to be Ready and CoreDNS to roll out after the container started. */
const READY_TIMEOUT_S = 240;

/** How long one image pre-pull may take. */
const PULL_TIMEOUT_MS = 600_000;

/**
 * Waits until the cluster can really serve a lab: the node registered and is
 * Ready, and CoreDNS has a ready pod (its Deployment can report Available
 * before that, so `rollout status` is the check). The Deployment appears only
 * once k3s has applied its packaged manifests, hence the loops before waiting.
 */
const READY_SCRIPT = `set -e
mkdir -p /root/.kube
cp /etc/rancher/k3s/k3s.yaml ${KUBECONFIG_IN_NODE}
chmod 600 ${KUBECONFIG_IN_NODE}
export KUBECONFIG=${KUBECONFIG_IN_NODE}
i=0
until kubectl get nodes -o name 2>/dev/null | grep -q .; do
  i=$((i+1)); if [ "$i" -ge ${READY_TIMEOUT_S} ]; then echo "no node registered after ${READY_TIMEOUT_S} s"; exit 1; fi; sleep 1
done
kubectl wait --for=condition=Ready node --all --timeout=${READY_TIMEOUT_S}s
i=0
until kubectl -n kube-system get deploy/coredns >/dev/null 2>&1; do
  i=$((i+1)); if [ "$i" -ge ${READY_TIMEOUT_S} ]; then echo "deploy/coredns did not appear after ${READY_TIMEOUT_S} s"; exit 1; fi; sleep 1
done
kubectl -n kube-system rollout status deploy/coredns --timeout=${READY_TIMEOUT_S}s`;

/** What a failure report shows about the cluster: recent events, then every pod that is not ready, described, with its logs. */
const DIAGNOSTICS_SCRIPT = `export KUBECONFIG=${KUBECONFIG_IN_NODE}
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

/**
 * A throwaway single-node k3s in a privileged container, one per lab: the only
 * target whose outputs are shown as verified. The lab's images are pulled into
 * the node's containerd while the cluster finishes booting.
 */
export class K3sTarget implements Target {
	readonly name = 'k3s';
	readonly labDir = '/lab';
	readonly stateDir = '/tmp/lab-session';
	readonly #slot = new ContainerSlot<StartedK3sContainer>('k3s target', 10_000);
	#pulls: string[] = [];

	constructor(
		readonly image: string,
		readonly options: Pick<LabOptions, 'namespace' | 'k3sArgs' | 'images'>,
	) {}

	async start(): Promise<void> {
		const container = await this.#slot.start(() =>
			new K3sContainer(this.image)
				.withCommand(['server', ...this.options.k3sArgs])
				.withLabels(containerLabels())
				.start(),
		);
		const pulls = Promise.all(this.options.images.map((image) => this.#pull(container, image)));
		const ready = await execInContainer(container, READY_SCRIPT, READY_TIMEOUT_S * 3 * 1000);
		this.#pulls = await pulls;
		if (ready.exitCode !== 0) {
			throw new Error(`k3s did not become ready (exit ${ready.exitCode}${ready.timedOut ? ', timed out' : ''}):\n${ready.output.trim()}`);
		}
	}

	async #pull(container: StartedK3sContainer, image: string): Promise<string> {
		const r = await execInContainer(container, `crictl pull ${shellQuote(image)} 2>&1`, PULL_TIMEOUT_MS);
		return r.exitCode === 0 ? `pulled ${image}` : `pre-pull of ${image} failed (exit ${r.exitCode}): ${r.output.trim()}`;
	}

	async writeFiles(files: LabFile[]): Promise<void> {
		await copyLabFiles(this.#slot.started(), this.labDir, files);
	}

	exec(script: string, timeoutMs: number): Promise<ExecResult> {
		return execInContainer(this.#slot.started(), script, timeoutMs);
	}

	/** The namespace set-up every reader runs first (namespace.ts), with the node's private kubeconfig. */
	prelude(): string {
		return `export KUBECONFIG=${KUBECONFIG_IN_NODE}\n${namespaceSetup(this.options.namespace)}`;
	}

	async provenance(): Promise<Provenance> {
		let serverVersion = 'unknown';
		let kubectlVersion = 'unknown';
		try {
			const r = await this.#slot.started().exec(['sh', '-c', `KUBECONFIG=${KUBECONFIG_IN_NODE} kubectl version -o json`]);
			const v = JSON.parse(r.stdout) as { clientVersion?: { gitVersion?: string }; serverVersion?: { gitVersion?: string } };
			serverVersion = v.serverVersion?.gitVersion ?? serverVersion;
			kubectlVersion = v.clientVersion?.gitVersion ?? kubectlVersion;
		} catch {
			// Provenance stays "unknown" rather than failing a lab that passed.
		}
		return { target: this.name, image: this.image, serverVersion, kubectlVersion, containerEngine: await dockerServerVersion() };
	}

	async diagnostics(): Promise<string> {
		const container = this.#slot.container;
		if (!container) return 'the k3s container is not running';
		try {
			const r = await execInContainer(container, DIAGNOSTICS_SCRIPT, 120_000);
			const pulls = this.#pulls.length ? `Image pre-pulls:\n${this.#pulls.join('\n')}\n\n` : '';
			return `${pulls}${r.output}`;
		} catch (error) {
			return `diagnostics failed: ${(error as Error).message}`;
		}
	}

	stop(): Promise<void> {
		return this.#slot.stop();
	}
}
