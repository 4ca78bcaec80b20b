/**
 * The one data source of the comparison table (tutorials/services/comparison.mdx,
 * rendered by site/components/ComparisonTable.astro). Every claim names the lab
 * step that shows it on k3s, so the table is evidence, not opinion; the page
 * tests (tests/unit/pages.test.ts) fail when a cited page or step disappears.
 */

/** A lab step that shows a claim: the page (URL path without slashes) and its 1-based run step. */
export interface Evidence {
	/** Page as in StepOutput's `page` prop, e.g. 'services/clusterip'. */
	page: string;
	/** Run step number on that page, as in the `#step-N` anchor. */
	step: number;
	/** What the step shows, read out by screen readers and shown on hover. */
	shows: string;
}

/** One cell: a short claim and the steps that prove it. */
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
				text: 'Pods (and nodes) inside the cluster only.',
				evidence: [{ page: 'services/clusterip', step: 5, shows: 'a client pod reaches the Service by name' }],
			},
			allocates: {
				text: 'One virtual IP from the Service CIDR (`10.43.0.0/16` on k3s); EndpointSlices list the ready pods behind it.',
				evidence: [
					{ page: 'services/clusterip', step: 3, shows: 'the Service gets a cluster IP' },
					{ page: 'services/clusterip', step: 4, shows: 'its EndpointSlice lists the ready pod IPs' },
				],
			},
			dns: {
				text: 'An A record `NAME.NAMESPACE.svc.cluster.local` → the one cluster IP.',
				evidence: [{ page: 'services/clusterip', step: 6, shows: 'the Service name resolves to its cluster IP' }],
			},
			balancing: {
				text: 'kube-proxy\'s kernel rules on the client\'s node pick a ready pod per connection (at random in iptables mode); `sessionAffinity: ClientIP` pins a client to one pod.',
				evidence: [
					{ page: 'services/clusterip', step: 7, shows: 'requests are answered by several replicas' },
					{ page: 'services/clusterip', step: 9, shows: 'with ClientIP affinity one replica answers them all' },
				],
			},
			use: {
				text: 'Traffic between workloads of the cluster; the base the other types build on.',
				evidence: [{ page: 'services/clusterip', step: 5, shows: 'in-cluster client traffic' }],
			},
			pitfalls: {
				text: 'Balancing is per connection, so a long-lived (keep-alive, gRPC) connection stays on one pod; a selector that matches no ready pod leaves no endpoints.',
				evidence: [{ page: 'services/clusterip', step: 4, shows: 'only ready pods are endpoints' }],
			},
		},
	},
	{
		name: 'Headless',
		spec: '`type: ClusterIP` with `clusterIP: None`',
		page: 'services/headless',
		cells: {
			exposure: {
				text: 'Inside the cluster; clients connect straight to pod IPs.',
				evidence: [{ page: 'services/headless', step: 4, shows: 'a client resolves the pods behind the name' }],
			},
			allocates: {
				text: 'No virtual IP (`CLUSTER-IP` shows `None`); EndpointSlices still list the ready pods.',
				evidence: [{ page: 'services/headless', step: 3, shows: 'the Service has no cluster IP' }],
			},
			dns: {
				text: 'One A record per ready pod; with a StatefulSet, stable per-pod names such as `web-0.NAME.NAMESPACE.svc.cluster.local`.',
				evidence: [
					{ page: 'services/headless', step: 4, shows: 'the name answers with every ready pod IP' },
					{ page: 'services/headless', step: 5, shows: 'each StatefulSet pod has its own DNS name' },
				],
			},
			balancing: {
				text: 'None by Kubernetes: the client picks an address from the DNS answer.',
				evidence: [{ page: 'services/headless', step: 4, shows: 'DNS returns all addresses; no virtual IP sits in between' }],
			},
			use: {
				text: 'StatefulSets (databases, brokers) whose clients must reach one particular pod; client-side balancing; peer discovery.',
				evidence: [{ page: 'services/headless', step: 5, shows: 'per-pod names of a StatefulSet' }],
			},
			pitfalls: {
				text: 'Clients that cache DNS keep using old pod IPs; pods that are not ready are left out of DNS unless `publishNotReadyAddresses` is set.',
				evidence: [{ page: 'services/headless', step: 6, shows: 'a replaced pod keeps its name, not its IP' }],
			},
		},
	},
	{
		name: 'NodePort',
		spec: '`type: NodePort`',
		page: 'services/nodeport',
		cells: {
			exposure: {
				text: 'Every node\'s IP at one port (default range 30000–32767), plus the cluster IP inside.',
				evidence: [{ page: 'services/nodeport', step: 4, shows: 'the node address answers on the node port' }],
			},
			allocates: {
				text: 'A cluster IP and a node port, the same port on every node; a port outside the range is refused by the API.',
				evidence: [
					{ page: 'services/nodeport', step: 3, shows: 'the Service gets a cluster IP and a node port' },
					{ page: 'services/nodeport', step: 6, shows: 'the API refuses a port outside the range' },
				],
			},
			dns: {
				text: 'Same as ClusterIP: the Service name resolves to the cluster IP, never to a node.',
				evidence: [{ page: 'services/nodeport', step: 5, shows: 'the name resolves to the cluster IP' }],
			},
			balancing: {
				text: 'kube-proxy on the node that received the packet; with `externalTrafficPolicy: Cluster` (default) it may forward to a pod on another node and hide the client IP; `Local` keeps the client IP but only nodes with a ready pod answer.',
				evidence: [{ page: 'services/nodeport', step: 4, shows: 'traffic to the node port reaches a pod' }],
			},
			use: {
				text: 'Development, bare metal, or behind a load balancer you run yourself.',
				evidence: [{ page: 'services/nodeport', step: 4, shows: 'reaching a pod through a node address' }],
			},
			pitfalls: {
				text: 'High, unusual port numbers; firewalls must open them on every node; the client IP is lost with the default policy.',
				evidence: [{ page: 'services/nodeport', step: 6, shows: 'the allowed port range is enforced' }],
			},
		},
	},
	{
		name: 'LoadBalancer',
		spec: '`type: LoadBalancer`',
		page: 'services/loadbalancer',
		cells: {
			exposure: {
				text: 'An address that a load-balancer implementation writes to `status.loadBalancer.ingress` (a cloud controller, MetalLB, k3s\'s ServiceLB).',
				evidence: [{ page: 'services/loadbalancer', step: 4, shows: 'ServiceLB gives the Service the node\'s address' }],
			},
			allocates: {
				text: 'A cluster IP and a node port (unless `allocateLoadBalancerNodePorts: false`), then the external address if an implementation serves the cluster.',
				evidence: [{ page: 'services/loadbalancer', step: 3, shows: 'cluster IP, node port and external IP' }],
			},
			dns: {
				text: 'Inside: the name resolves to the cluster IP. Outside: naming the external address is up to you.',
				evidence: [{ page: 'services/loadbalancer', step: 5, shows: 'the in-cluster name resolves to the cluster IP' }],
			},
			balancing: {
				text: 'The external load balancer spreads over nodes, then kube-proxy picks a pod. On k3s, ServiceLB\'s `svclb-*` pods forward a host port on each node.',
				evidence: [{ page: 'services/loadbalancer', step: 4, shows: 'the svclb pods that serve the address' }],
			},
			use: {
				text: 'Exposing a TCP/UDP service outside the cluster on a cloud, one address per Service.',
				evidence: [{ page: 'services/loadbalancer', step: 4, shows: 'traffic through the load-balancer address' }],
			},
			pitfalls: {
				text: 'With no implementation the address stays `<pending>` forever; one load balancer per Service costs money; the address is not necessarily public.',
				evidence: [{ page: 'services/loadbalancer', step: 7, shows: 'EXTERNAL-IP stays <pending> without ServiceLB' }],
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
				evidence: [{ page: 'services/externalname', step: 3, shows: 'the Service has no cluster IP' }],
			},
			allocates: {
				text: 'Nothing: no cluster IP, no node port, no EndpointSlice.',
				evidence: [{ page: 'services/externalname', step: 3, shows: 'no cluster IP, no endpoints' }],
			},
			dns: {
				text: 'A CNAME record pointing at `spec.externalName`.',
				evidence: [{ page: 'services/externalname', step: 4, shows: 'the answer is a CNAME' }],
			},
			balancing: {
				text: 'None: no proxy is involved; the client connects to whatever the target name resolves to.',
				evidence: [{ page: 'services/externalname', step: 4, shows: 'DNS answers; nothing in the cluster proxies' }],
			},
			use: {
				text: 'A cluster-local name for something that lives elsewhere (a managed database, a Service in another namespace), so it can move later.',
				evidence: [{ page: 'services/externalname', step: 4, shows: 'an alias to another name' }],
			},
			pitfalls: {
				text: 'HTTP `Host` headers and TLS certificates still carry the alias, which the target may reject; `ports` remap nothing.',
				evidence: [{ page: 'services/externalname', step: 4, shows: 'only DNS changes' }],
			},
		},
	},
];

/** The `#step-N` link of a piece of evidence, as the site serves it. */
export function evidenceHref(evidence: Evidence): string {
	return `/${evidence.page}/#step-${evidence.step}`;
}
