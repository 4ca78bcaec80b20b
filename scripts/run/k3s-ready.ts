/**
 * The shell scripts the k3s target runs in the server node before a lab: the
 * private kubeconfig and the wait until the cluster can really serve a lab.
 */

/** Inside the server node: a private copy of k3s's admin kubeconfig, so `set-context` never edits k3s's own file. */
export const KUBECONFIG_IN_NODE = '/root/.kube/config';

/** The admin kubeconfig k3s writes in the server node. */
export const K3S_KUBECONFIG = '/etc/rancher/k3s/k3s.yaml';

/** How long, by default, the nodes may take to be Ready and the system workloads to roll out once the containers run. */
export const READY_TIMEOUT_S = 300;

/**
 * Copies k3s's kubeconfig to a private file (mode 0600), then waits, within
 * one budget of timeoutS seconds, until:
 * - `nodes` nodes are registered and Ready (agents register some seconds
 *   after the server, so `kubectl wait node --all` alone could pass early);
 * - CoreDNS has a ready pod (its Deployment can report Available before that,
 *   so `rollout status` is the check; the Deployment appears only once k3s
 *   has applied its packaged manifests, hence the loop before it);
 * - every DaemonSet in kube-system at that moment (ServiceLB's `svclb-*`
 *   when a LoadBalancer Service exists) has a ready pod on every node.
 * On timeout it says what it was waiting for and shows the nodes.
 */
export function readyScript(nodes: number, timeoutS: number = READY_TIMEOUT_S): string {
	return `set -e
mkdir -p /root/.kube
cp ${K3S_KUBECONFIG} ${KUBECONFIG_IN_NODE}
chmod 600 ${KUBECONFIG_IN_NODE}
export KUBECONFIG=${KUBECONFIG_IN_NODE}
deadline=$(( $(date +%s) + ${timeoutS} ))
left() { echo $(( deadline - $(date +%s) )); }
give_up() {
  echo "not ready after ${timeoutS} s: $1"
  kubectl get nodes -o wide 2>&1 || true
  exit 1
}
ready_nodes() {
  kubectl get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}' 2>/dev/null | grep -c '^True$' || true
}
until [ "$(ready_nodes)" -ge ${nodes} ]; do
  [ "$(left)" -gt 0 ] || give_up "$(ready_nodes) of ${nodes} node(s) Ready"
  sleep 1
done
until kubectl -n kube-system get deploy/coredns >/dev/null 2>&1; do
  [ "$(left)" -gt 0 ] || give_up "deploy/coredns did not appear"
  sleep 1
done
[ "$(left)" -gt 0 ] || give_up "no time left for CoreDNS to roll out"
kubectl -n kube-system rollout status deploy/coredns --timeout="$(left)s" || give_up "CoreDNS did not roll out"
for ds in $(kubectl -n kube-system get daemonsets -o name); do
  [ "$(left)" -gt 0 ] || give_up "no time left for $ds to roll out"
  kubectl -n kube-system rollout status "$ds" --timeout="$(left)s" || give_up "$ds did not roll out"
done`;
}
