/**
 * A stand-in `kubectl` for the bundle tests: a POSIX sh script that keeps
 * namespaces as files in a state directory, reads and writes kubeconfig files
 * the way kubectl picks them (KUBECONFIG, a colon list, else ~/.kube/config),
 * and logs every call with the KUBECONFIG it saw. It stands in for the
 * reader's kubectl so a test can compare their kubeconfig before and after a
 * lab; no output of it is ever shown as a cluster's.
 */

/** How the stand-in answers, set through its environment. */
export interface FakeKubectlEnv {
	/** Directory of namespaces (ns/<name> holds the phase) and the call logs. */
	FAKE_KUBE_STATE: string;
	/** Lines `kubectl get nodes` Ready conditions print (e.g. "True\nTrue"). */
	FAKE_KUBE_READY?: string;
	/** What the nodes' kubeletVersion jsonpath prints (e.g. "v1.36.4+k3s1"). */
	FAKE_KUBE_KUBELET?: string;
	/** "1": kube-system has k3s's Traefik (HelmChart and Deployment). */
	FAKE_KUBE_TRAEFIK?: string;
	/** A real kubectl: `kubectl config …` (offline: it only reads and writes kubeconfig files) is handed to it. */
	FAKE_KUBE_REAL?: string;
}

/** The script's text; write it as `kubectl` (mode 0755) in a directory put first on PATH. */
export const FAKE_KUBECTL = String.raw`#!/bin/sh
# Stand-in kubectl (tests/unit/bundle-kubectl.ts). State: $FAKE_KUBE_STATE.
st=$FAKE_KUBE_STATE
mkdir -p "$st/ns"
printf '%s\n' "$*" >> "$st/calls"
printf '%s|%s\n' "${'$'}{KUBECONFIG-(unset)}" "$*" >> "$st/calls-env"
if [ -n "$FAKE_KUBE_REAL" ] && [ "$1" = config ]; then exec "$FAKE_KUBE_REAL" "$@"; fi
# The kubeconfig files kubectl reads: the KUBECONFIG list, else ~/.kube/config.
files() {
	if [ -n "$KUBECONFIG" ]; then printf '%s\n' "$KUBECONFIG" | tr ':' '\n'; else printf '%s\n' "$HOME/.kube/config"; fi
}
current() {
	for f in $(files); do
		[ -f "$f" ] || continue
		c=$(sed -n 's/^current-context: *//p' "$f" | head -n 1)
		if [ -n "$c" ] && [ "$c" != '""' ]; then echo "$c"; return 0; fi
	done
	return 1
}
case "$*" in
	"config current-context")
		current || { echo 'error: current-context is not set' >&2; exit 1; } ;;
	"config view --raw --minify --flatten")
		current >/dev/null || { echo 'error: current-context must exist in order to minify' >&2; exit 1; }
		for f in $(files); do if [ -f "$f" ]; then cat "$f"; fi; done ;;
	"config set-context --current --namespace="*)
		current >/dev/null || { echo 'error: no current context is set' >&2; exit 1; }
		f=$(files | head -n 1)
		printf 'namespace: %s\n' "${'$'}{*#*--namespace=}" >> "$f"
		echo "Context \"$(current)\" modified." ;;
	"get namespace "*" -o jsonpath="*)
		n=$3
		if [ -f "$st/ns/$n" ]; then cat "$st/ns/$n"; else echo "Error from server (NotFound): namespaces \"$n\" not found" >&2; exit 1; fi ;;
	"create namespace "*)
		n=$3
		if [ -f "$st/ns/$n" ]; then echo "Error from server (AlreadyExists): namespaces \"$n\" already exists" >&2; exit 1; fi
		printf Active > "$st/ns/$n"; echo "namespace/$n created" ;;
	"delete namespace "*)
		n=$3
		if [ ! -f "$st/ns/$n" ]; then echo "Error from server (NotFound): namespaces \"$n\" not found" >&2; exit 1; fi
		rm -f "$st/ns/$n"; echo "namespace \"$n\" deleted" ;;
	"wait --for=delete namespace/"*)
		n=${'$'}{3#namespace/}
		rm -f "$st/ns/$n" ;;
	"get nodes -o jsonpath="*kubeletVersion*)
		printf '%s' "${'$'}{FAKE_KUBE_KUBELET-}" ;;
	"get nodes -o jsonpath="*Ready*)
		printf '%s\n' "${'$'}{FAKE_KUBE_READY-True}" ;;
	"-n kube-system get helmchart traefik"*|"-n kube-system get deployment traefik"*)
		[ "$FAKE_KUBE_TRAEFIK" = 1 ] || { echo "Error from server (NotFound): not found" >&2; exit 1; } ;;
esac
`;
