/**
 * Stand-in k3s nodes for testing the k3s target's own orchestration on the
 * docker tier, where no k3s image can be had and privileged containers are
 * refused. NOT Kubernetes and never a cluster run: unprivileged busybox
 * containers that act out just what the orchestration depends on:
 * - the server writes a kubeconfig (mode 0644, so the target's private 0600
 *   copy is its own doing) and a random join token where k3s writes them,
 *   and answers joins on the API port (busybox httpd) when the token matches;
 * - an agent reads K3S_URL, K3S_TOKEN and --node-name as `k3s agent` does and
 *   joins the server by its name on the lab network, until accepted;
 * - `kubectl` on the server reports one Ready node per joined node once
 *   STANDIN_READY_AFTER_S seconds have passed, a CoreDNS Deployment and one
 *   DaemonSet, and logs every call with the Ready state it reported; `crictl pull` logs and succeeds (fails
 *   for an image whose name contains "missing").
 * The node containers get the plan's command line, environment, network and
 * names, but none of its host privileges.
 */
import { GenericContainer, PullPolicy, type StartedTestContainer } from 'testcontainers';
import { BUSYBOX_IMAGE } from '../../scripts/run/busybox-image.ts';
import { containerLabels } from '../../scripts/run/cleanup.ts';
import type { LabNetwork, NodeFactory } from '../../scripts/run/k3s-cluster.ts';
import { K3S_API_PORT, type NodeSpec } from '../../scripts/run/k3s-plan.ts';
import { createLabNetwork } from '../../scripts/run/lab-network.ts';

/** PID 1 of a stand-in node: acts out its role (first argument: server or agent), then idles until stopped. */
const NODE_SCRIPT = String.raw`#!/bin/sh
trap 'exit 0' TERM INT
mkdir -p /standin
echo "$*" > /standin/args
role=$1; shift
name=''
while [ $# -gt 0 ]; do
  case $1 in --node-name=*) name=${'$'}{1#--node-name=} ;; --node-name) name=$2; shift ;; esac
  shift
done
case $role in
server)
  date +%s > /standin/started
  mkdir -p /etc/rancher/k3s /var/lib/rancher/k3s/server /www/cgi-bin
  printf 'apiVersion: v1\nkind: Config\n' > /etc/rancher/k3s/k3s.yaml
  chmod 644 /etc/rancher/k3s/k3s.yaml
  echo "${'$'}{name:-standin-server}" > /standin/nodes
  cp /standin/join.cgi /www/cgi-bin/join
  httpd -p 6443 -h /www
  if [ -n "$STANDIN_TOKEN_AFTER_S" ]; then sleep "$STANDIN_TOKEN_AFTER_S" & wait $!; fi
  echo "K10$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')::server:$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')" > /var/lib/rancher/k3s/server/token
  ;;
agent)
  host=${'$'}{K3S_URL#https://}; host=${'$'}{host%%:*}
  until [ "$(wget -qO- "http://$host:6443/cgi-bin/join?name=$name&token=$K3S_TOKEN" 2>/dev/null)" = joined ]; do sleep 0.2; done
  echo "$host" > /standin/joined
  ;;
esac
while :; do sleep 1 & wait $!; done
`;

/** The stand-in server's join endpoint: accepts a node whose token is the one in the token file. */
const JOIN_CGI = String.raw`#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
name=$(echo "$QUERY_STRING" | sed -n 's/^name=\([^&]*\)&.*/\1/p')
token=${'$'}{QUERY_STRING#*&token=}
if [ -n "$name" ] && [ "$token" = "$(cat /var/lib/rancher/k3s/server/token)" ]; then
  grep -qx "$name" /standin/nodes || echo "$name" >> /standin/nodes
  echo joined
else
  echo refused
fi
`;

/** The stand-in kubectl: just the answers the readiness, set-up and diagnostics scripts read. */
const KUBECTL = String.raw`#!/bin/sh
ready=False
if [ $(( $(date +%s) - $(cat /standin/started) )) -ge "${'$'}{STANDIN_READY_AFTER_S:-0}" ]; then ready=True; fi
echo "kubectl $* (nodes Ready: $ready)" >> /standin/kubectl.log
case "$*" in
  *"get nodes -o jsonpath"*) while read -r n; do echo "$ready"; done < /standin/nodes ;;
  *"get nodes"*) echo "NAME STATUS (stand-in, not Kubernetes)"; while read -r n; do echo "$n $ready"; done < /standin/nodes ;;
  *"get deploy/coredns"*) echo deployment.apps/coredns ;;
  *"get daemonsets -o name"*) echo daemonset.apps/svclb-standin ;;
  *"rollout status"*) echo "stand-in: rolled out" ;;
  *) echo "stand-in kubectl: $*" ;;
esac
`;

/** The stand-in crictl: logs each pull; an image named *missing* fails as an unknown image would. */
const CRICTL = String.raw`#!/bin/sh
echo "crictl $*" >> /standin/pulls.log
case "$*" in *missing*) echo "pulling image: not found: $2"; exit 1 ;; esac
echo "Image is up to date for sha256:0000 (stand-in)"
`;

/** What a test can set on its stand-ins. */
export interface StandInOptions {
	/** Seconds after the server starts before its nodes report Ready. @default 0 */
	readyAfterS?: number;
	/** Seconds the server waits before writing its join token. @default 0 */
	tokenAfterS?: number;
	/** Node names whose container cannot be created (the factory rejects, as an engine error would). */
	failing?: string[];
	/** Hears each factory event as it happens. */
	onEvent?: (event: FactoryEvent) => void;
}

/** One thing the factory did, in order. */
export interface FactoryEvent {
	what: 'network' | 'creating' | 'started';
	/** The network name, or the node name (`server` for a single node's unnamed server). */
	name: string;
	spec?: NodeSpec;
}

/** A NodeFactory of stand-ins that remembers what it was asked to do and which networks it made. */
export interface StandInFactory extends NodeFactory {
	events: FactoryEvent[];
	networks: LabNetwork[];
}

/** Stand-in nodes (see the module comment), with the lab network made by the target's own code. */
export function standInNodes(options: StandInOptions = {}): StandInFactory {
	const events: FactoryEvent[] = [];
	const networks: LabNetwork[] = [];
	const record = (event: FactoryEvent) => {
		events.push(event);
		options.onEvent?.(event);
	};
	return {
		events,
		networks,
		async createNetwork(name) {
			const network = await createLabNetwork(name);
			networks.push(network);
			record({ what: 'network', name });
			return network;
		},
		async startNode(spec): Promise<StartedTestContainer> {
			const name = spec.nodeName ?? spec.role;
			record({ what: 'creating', name, spec });
			if (options.failing?.includes(name)) throw new Error(`stand-in: the engine refused to create ${name}`);
			let container = new GenericContainer(BUSYBOX_IMAGE)
				.withPullPolicy(PullPolicy.neverPull())
				.withEntrypoint(['/bin/sh', '/standin/node.sh'])
				.withCommand(spec.command)
				.withEnvironment({
					...spec.env,
					STANDIN_READY_AFTER_S: String(options.readyAfterS ?? 0),
					...(options.tokenAfterS ? { STANDIN_TOKEN_AFTER_S: String(options.tokenAfterS) } : {}),
				})
				.withLabels(containerLabels())
				.withCopyContentToContainer([
					{ content: NODE_SCRIPT, target: '/standin/node.sh', mode: 0o755 },
					{ content: JOIN_CGI, target: '/standin/join.cgi', mode: 0o755 },
					{ content: KUBECTL, target: '/bin/kubectl', mode: 0o755 },
					{ content: CRICTL, target: '/bin/crictl', mode: 0o755 },
				]);
			// Published like K3sContainer's API port, so --keep finds the server by it.
			if (spec.role === 'server') container = container.withExposedPorts(K3S_API_PORT);
			if (spec.network) container = container.withNetworkMode(spec.network);
			if (spec.containerName) container = container.withName(spec.containerName);
			const started = await container.start();
			record({ what: 'started', name, spec });
			return started;
		},
	};
}
