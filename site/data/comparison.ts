/**
 * The one data source of the comparison table (tutorials/services/comparison.mdx,
 * rendered by site/components/ComparisonTable.astro). Every claim names the lab
 * step meant to show it on k3s; whether that step's output is a recorded one is
 * for the step's own panel to say. The page tests (tests/unit/pages.test.ts)
 * fail when a cited page or step disappears or no longer shows the match text.
 */

/** A lab step meant to show a claim: the page (URL path without slashes) and its 1-based run step. */
export interface Evidence {
	/** Page as in StepOutput's `page` prop, e.g. 'services/clusterip'. */
	page: string;
	/** Run step number on that page, as in the `#step-N` anchor. */
	step: number;
	/** What the step is meant to show, read out by screen readers and shown on hover. */
	shows: string;
	/**
	 * Text that occurs in the cited step's expected output. The page tests check
	 * it, so a renumbered lab cannot leave a citation pointing at a different
	 * step that merely has the same number.
	 */
	match: string;
}

/** One cell: a short claim and the lab steps that show it. */
export interface Claim {
	/** Plain text; `code spans` in backticks are rendered as code. */
	text: string;
	evidence: Evidence[];
}

/** The aspects compared, in row order. */
export const ASPECTS = [
	{ key: 'exposure', label: 'Reachable from' },
	{ key: 'allocates', label: 'What gets allocated' },
	{ key: 'dns', label: 'What DNS answers' },
	{ key: 'balancing', label: 'What does the balancing' },
	{ key: 'use', label: 'Typical use' },
	{ key: 'pitfalls', label: 'Pitfalls' },
] as const;

/** Key of one compared aspect. */
export type AspectKey = (typeof ASPECTS)[number]['key'];

/** One column of the table: a kind of Service. */
export interface ServiceKind {
	/** Column heading. */
	name: string;
	/** How it is asked for in the manifest (headless is not a type of its own). */
	spec: string;
	/** The page that teaches it, e.g. 'services/clusterip'. */
	page: string;
	cells: Record<AspectKey, Claim>;
}

/** The columns, in the order the sidebar teaches them. */
export const SERVICE_KINDS: ServiceKind[] = [
	{
		name: 'ClusterIP',
		spec: '`type: ClusterIP` (the default)',
		page: 'services/clusterip',
		cells: {
			exposure: {
				text: 'Pods (and nodes) inside the cluster only; `EXTERNAL-IP` is `<none>`.',
				evidence: [
					{ page: 'services/clusterip', step: 3, shows: 'the Service has a cluster IP and no external IP', match: 'service/echo created' },
					{ page: 'services/clusterip', step: 6, shows: 'a client pod reaches the Service by its name', match: "answered by one of echo's pods" },
				],
			},
			allocates: {
				text: 'One virtual IP from the Service CIDR (`10.43.0.0/16` on k3s), carried by no network interface; EndpointSlices list the matching pods and mark which are ready.',
				evidence: [
					{ page: 'services/clusterip', step: 3, shows: 'the Service gets a cluster IP from the Service range', match: 'service/echo created' },
					{ page: 'services/clusterip', step: 4, shows: 'its EndpointSlice lists the ready pod IPs', match: 'ready=true' },
					{ page: 'services/clusterip', step: 13, shows: 'no interface on the node has the cluster IP, yet it answers', match: 'no interface on the node has' },
				],
			},
			dns: {
				text: 'An A record `NAME.NAMESPACE.svc.cluster.local` → the one cluster IP; an SRV record per named port.',
				evidence: [{ page: 'services/clusterip', step: 7, shows: 'the A record is the cluster IP; the SRV record names the port', match: 'the A record is the ClusterIP' }],
			},
			balancing: {
				text: "kube-proxy's kernel rules (`iptables` mode on k3s) pick a ready pod per connection, at random (when none is ready, a terminating pod that still serves); `sessionAffinity: ClientIP` pins a client to one pod.",
				evidence: [
					{ page: 'services/clusterip', step: 12, shows: 'kube-proxy runs in iptables mode', match: 'iptables' },
					{ page: 'services/clusterip', step: 8, shows: '30 connections are answered by all three replicas', match: '3 different pods answered' },
					{ page: 'services/clusterip', step: 10, shows: 'with ClientIP affinity one replica answers all 30', match: 'one pod answered all 30 requests' },
					{ page: 'deeper/kube-proxy-rules', step: 5, shows: "the Service's chain picks one of three endpoints with the iptables statistic module", match: '3 ready endpoints' },
					{ page: 'deeper/endpoints-and-draining', step: 16, shows: 'with no ready pod, terminating pods that still serve answer', match: 'ready=false serving=true terminating=true' },
				],
			},
			use: {
				text: 'Traffic between workloads of the cluster; the base the other proxied types build on.',
				evidence: [{ page: 'services/clusterip', step: 6, shows: 'in-cluster traffic by Service name', match: "answered by one of echo's pods" }],
			},
			pitfalls: {
				text: 'Balancing is per connection, so a long-lived (keep-alive, gRPC) connection stays on one pod; affinity goes by client IP, so clients behind one NAT share a pod.',
				evidence: [{ page: 'services/clusterip', step: 10, shows: 'every connection from one client IP lands on the same pod', match: 'one pod answered all 30 requests' }],
			},
		},
	},
	{
		name: 'Headless',
		spec: '`type: ClusterIP` with `clusterIP: None`',
		page: 'services/headless',
		cells: {
			exposure: {
				text: 'Inside the cluster; clients connect straight to pod IPs and pod ports.',
				evidence: [{ page: 'services/headless', step: 6, shows: "a client reaches a pod on the pod's own port", match: 'no answer on web-1.web:80' }],
			},
			allocates: {
				text: 'No virtual IP (`CLUSTER-IP` shows `None`); EndpointSlices still list the matching pods.',
				evidence: [{ page: 'services/headless', step: 3, shows: 'the Service has no cluster IP but has an EndpointSlice', match: 'ClusterIP   None' }],
			},
			dns: {
				text: 'One A record per ready pod (every pod with `publishNotReadyAddresses`), an SRV record per named port and pod; per-pod names `HOSTNAME.NAME.NAMESPACE.svc.cluster.local` for pods that set `hostname` and `subdomain`, which a StatefulSet does for each pod (`web-0`).',
				evidence: [
					{ page: 'services/headless', step: 4, shows: 'the name answers with exactly the pod IPs', match: 'exactly the pod IPs' },
					{ page: 'services/headless', step: 5, shows: 'each StatefulSet pod has its own DNS name and SRV record', match: '8080 web-0.web.' },
					{ page: 'services/headless', step: 10, shows: 'a not-ready pod is left out unless publishNotReadyAddresses is set', match: 'web-all: 3 addresses' },
				],
			},
			balancing: {
				text: 'None by Kubernetes: the client picks an address from the DNS answer.',
				evidence: [
					{ page: 'services/headless', step: 4, shows: 'DNS returns every pod address; no virtual IP sits in between', match: 'exactly the pod IPs' },
					{ page: 'deeper/kube-proxy-rules', step: 14, shows: 'kube-proxy writes no rule for a headless Service', match: 'echo-headless: none' },
				],
			},
			use: {
				text: 'StatefulSets (databases, brokers) whose clients must reach one particular pod, by a name that survives its replacement; client-side balancing.',
				evidence: [
					{ page: 'services/headless', step: 5, shows: 'per-pod names of a StatefulSet', match: '8080 web-0.web.' },
					{ page: 'services/headless', step: 8, shows: 'a replaced pod keeps its name and gets a new IP', match: 'now answers the new address' },
				],
			},
			pitfalls: {
				text: "Clients that cache DNS keep using old pod IPs; the Service's `port` → `targetPort` mapping does not apply; pods that are not ready drop out of DNS unless `publishNotReadyAddresses` is set.",
				evidence: [
					{ page: 'services/headless', step: 8, shows: 'the replaced pod answers at a new IP', match: 'now answers the new address' },
					{ page: 'services/headless', step: 6, shows: 'the Service port 80 does not answer on the pod', match: 'no answer on web-1.web:80' },
					{ page: 'services/headless', step: 10, shows: 'a not-ready pod leaves DNS unless publishNotReadyAddresses is set', match: 'web-all: 3 addresses' },
				],
			},
		},
	},
	{
		name: 'NodePort',
		spec: '`type: NodePort`',
		page: 'services/nodeport',
		cells: {
			exposure: {
				text: "Every node's IP at one port (default range 30000–32767), plus the cluster IP inside.",
				evidence: [{ page: 'services/nodeport', step: 4, shows: "the node's address answers on the node port", match: ', port ' }],
			},
			allocates: {
				text: 'A cluster IP and a node port, the same on every node; the API refuses a port outside the range or one already taken.',
				evidence: [
					{ page: 'services/nodeport', step: 3, shows: 'a cluster IP and a node port inside 30000–32767', match: 'is inside 30000-32767' },
					{ page: 'services/nodeport', step: 6, shows: 'the API refuses node port 80', match: 'not in the valid range' },
					{ page: 'services/nodeport', step: 9, shows: 'the API refuses a node port already allocated', match: 'already allocated' },
				],
			},
			dns: {
				text: 'Same as ClusterIP: the Service name resolves to the cluster IP, never to a node.',
				evidence: [{ page: 'services/nodeport', step: 5, shows: 'the name resolves to the cluster IP', match: 'not to a node' }],
			},
			balancing: {
				text: 'kube-proxy on the node that received the packet. With `externalTrafficPolicy: Cluster` (default) it may forward to another node and rewrites the client address; `Local` keeps it, using only pods on that node.',
				evidence: [
					{ page: 'services/nodeport', step: 10, shows: 'with Cluster the pod sees another source address', match: 'source address rewritten' },
					{ page: 'services/nodeport', step: 12, shows: "with Local the pod sees the client's own address", match: 'source address preserved' },
					{ page: 'deeper/traffic-policies', step: 5, shows: 'on two nodes, with Cluster the node without the pod forwards and rewrites the source', match: 'source rewritten' },
					{ page: 'deeper/traffic-policies', step: 8, shows: 'on two nodes, with Local the node without the pod drops the traffic and the other keeps the source', match: 'source kept' },
				],
			},
			use: {
				text: 'Development, bare metal, or behind a load balancer you run yourself.',
				evidence: [{ page: 'services/nodeport', step: 4, shows: 'reaching the pods through a node address', match: ', port ' }],
			},
			pitfalls: {
				text: 'High, unusual port numbers that firewalls must open on every node; fixed ports can collide; the client IP is lost with the default policy.',
				evidence: [
					{ page: 'services/nodeport', step: 9, shows: 'two Services cannot share a node port', match: 'already allocated' },
					{ page: 'services/nodeport', step: 10, shows: 'the source address is rewritten by default', match: 'source address rewritten' },
				],
			},
		},
	},
	{
		name: 'LoadBalancer',
		spec: '`type: LoadBalancer`',
		page: 'services/loadbalancer',
		cells: {
			exposure: {
				text: "The addresses (or a host name) that a load-balancer implementation writes to `status.loadBalancer.ingress`: a cloud controller, MetalLB, or k3s's ServiceLB, which publishes the addresses of the nodes running its pods, so they change when the nodes do.",
				evidence: [
					{ page: 'services/loadbalancer', step: 4, shows: "ServiceLB publishes the node's own address", match: "ServiceLB published the node's own address" },
					{ page: 'services/loadbalancer', step: 5, shows: 'the load-balancer address answers', match: 'load-balancer address' },
				],
			},
			allocates: {
				text: 'A cluster IP and a node port (unless `allocateLoadBalancerNodePorts: false`), then the external address if an implementation serves the Service.',
				evidence: [
					{ page: 'services/loadbalancer', step: 3, shows: 'cluster IP, node port and external IP', match: '<pending>' },
					{ page: 'services/loadbalancer', step: 8, shows: 'allocateLoadBalancerNodePorts defaults to true', match: 'allocateLoadBalancerNodePorts=true' },
				],
			},
			dns: {
				text: 'Inside: the name resolves to the cluster IP. Outside: naming the external address is up to you.',
				evidence: [{ page: 'services/loadbalancer', step: 6, shows: 'the name resolves to the cluster IP, not the external address', match: 'resolves to the ClusterIP' }],
			},
			balancing: {
				text: "Depends on the address's `ipMode`. With `VIP` (the default) packets reach a node still addressed to the load-balancer IP and kube-proxy's rules for that IP pick a pod; with `Proxy` the load balancer itself connects to node ports or pods. On k3s, ServiceLB's `svclb-*` pods hold the port on each node, but they only see traffic that arrives NATed; traffic sent to the node address itself is caught by kube-proxy first.",
				evidence: [
					{ page: 'services/loadbalancer', step: 4, shows: 'the svclb DaemonSet and its host port', match: "ServiceLB published the node's own address" },
					{ page: 'services/loadbalancer', step: 5, shows: 'a client pod gets an answer at the load-balancer address', match: 'load-balancer address' },
					{ page: 'deeper/traffic-policies', step: 10, shows: 'with Local, ServiceLB publishes only the node with a ready pod', match: 'publishes only node A' },
				],
			},
			use: {
				text: 'Exposing a TCP/UDP service outside the cluster: its own address on a cloud, or its own port on addresses Services share (ServiceLB, MetalLB with sharing).',
				evidence: [{ page: 'services/loadbalancer', step: 5, shows: 'traffic through the load-balancer address', match: 'load-balancer address' }],
			},
			pitfalls: {
				text: 'Where no implementation serves it, the address stays `<pending>` for ever; on a cloud each Service is a billed load balancer; the address is not necessarily public; with ServiceLB it is a node address, gone with that node.',
				evidence: [
					{ page: 'services/loadbalancer', step: 3, shows: 'EXTERNAL-IP <pending> for a class nobody implements', match: '<pending>' },
					{ page: 'services/loadbalancer', step: 7, shows: 'still no address and no event several steps later', match: 'ingress=' },
					{ page: 'services/loadbalancer', step: 4, shows: "ServiceLB's address is the node's own", match: "ServiceLB published the node's own address" },
				],
			},
		},
	},
	{
		name: 'ExternalName',
		spec: '`type: ExternalName`',
		page: 'services/externalname',
		cells: {
			exposure: {
				text: 'Nothing is exposed: it is a DNS alias inside the cluster.',
				evidence: [{ page: 'services/externalname', step: 3, shows: 'no cluster IP; the external name in its place', match: 'No resources found' }],
			},
			allocates: {
				text: 'Nothing: no cluster IP, no node port, no EndpointSlice.',
				evidence: [{ page: 'services/externalname', step: 3, shows: 'no cluster IP and no EndpointSlice', match: 'No resources found' }],
			},
			dns: {
				text: 'A CNAME record pointing at `spec.externalName`.',
				evidence: [{ page: 'services/externalname', step: 4, shows: 'the answer is a CNAME to the target name', match: 'CNAME' }],
			},
			balancing: {
				text: 'None: nothing proxies; the client connects to whatever the target name resolves to.',
				evidence: [
					{ page: 'services/externalname', step: 5, shows: 'the target answers the connection directly', match: 'Host: catalog' },
					{ page: 'deeper/kube-proxy-rules', step: 14, shows: 'kube-proxy writes no rule for an ExternalName Service', match: 'echo-external: none' },
				],
			},
			use: {
				text: 'A cluster-local name for something that lives elsewhere (a managed database, a Service in another namespace), so it can move later.',
				evidence: [{ page: 'services/externalname', step: 4, shows: 'an alias to a Service in the cluster', match: 'CNAME' }],
			},
			pitfalls: {
				text: 'HTTP `Host` headers and TLS server names still carry the alias, which the target may reject; `ports` remap nothing.',
				evidence: [
					{ page: 'services/externalname', step: 5, shows: 'the target receives Host: catalog', match: 'Host: catalog' },
					{ page: 'services/externalname', step: 6, shows: 'port 80 is never turned into targetPort 9999', match: 'no answer on catalog:9999' },
				],
			},
		},
	},
];

/** The `#step-N` link of a piece of evidence, as the site serves it. */
export function evidenceHref(evidence: Evidence): string {
	return `/${evidence.page}/#step-${evidence.step}`;
}
