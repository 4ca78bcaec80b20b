/**
 * Every lab works in its own namespace (declared as `lab.namespace` in the
 * page's frontmatter) so a reader can follow it on a shared cluster. This is
 * the one text of the set-up and of the clean-up: the runner runs the set-up
 * before the first step, the lab summary and the end of the page show them to
 * readers, and the downloadable lab.sh runs both.
 *
 * A reader pastes them into their own shell, so they must leave it as they
 * found it: the set-up points KUBECONFIG at a private copy (mktemp) of the
 * current context and changes only that copy; the clean-up deletes the
 * namespace, removes the copy and gives KUBECONFIG its old value back (unset
 * when there was none; kubectl reads an empty KUBECONFIG as unset too). The
 * two LAB_ variables are plain shell variables, never exported, so a program
 * started from that shell (lab.sh, `npm run lab`) never sees them.
 */

/**
 * The set-up: NS exported, KUBECONFIG on a private copy of the current context
 * (credentials and certificate files inlined by --flatten, so the copy works
 * from /tmp), the namespace created unless it is left from an earlier run or
 * still being deleted (then a message and the way on), the copy's context on
 * the namespace. Pasting it twice reuses the same copy. POSIX sh; the same in
 * bash and zsh.
 */
export function namespaceSetup(namespace: string): string {
	return [
		`export NS=${namespace}`,
		'# Work on a private copy of your kubeconfig: your own file stays as it is.',
		'if [ -z "${LAB_KUBECONFIG-}" ]; then',
		'  LAB_OLD_KUBECONFIG=${KUBECONFIG-}',
		'  LAB_KUBECONFIG=$(mktemp)',
		'fi',
		'KUBECONFIG=$LAB_OLD_KUBECONFIG kubectl config view --raw --minify --flatten > "$LAB_KUBECONFIG" ||',
		'  echo "No current kubectl context to copy: pick one (kubectl config use-context NAME), then run this again."',
		'export KUBECONFIG="$LAB_KUBECONFIG"',
		"case $(kubectl get namespace \"$NS\" -o jsonpath='{.status.phase}' 2>/dev/null) in",
		'  Active) echo "Namespace $NS exists (an earlier run?): carry on, or run the clean-up at the end of the page, then this again." ;;',
		'  Terminating) echo "Namespace $NS is still being deleted: kubectl wait --for=delete namespace/$NS --timeout=5m, then run this again." ;;',
		'  *) kubectl create namespace "$NS" ;;',
		'esac',
		'kubectl config set-context --current --namespace="$NS"',
	].join('\n');
}

/**
 * The clean-up: deletes the namespace (in the background: `--wait=false`),
 * then, in a shell where the set-up ran, removes the private copy and restores
 * KUBECONFIG. In a new shell it deletes the namespace only and touches no file.
 */
export function namespaceTeardown(namespace: string): string {
	return [
		`kubectl delete namespace ${namespace} --wait=false`,
		'# Back to your own kubeconfig: remove the private copy the set-up made.',
		'if [ -n "${LAB_KUBECONFIG-}" ]; then',
		'  rm -f "$LAB_KUBECONFIG"',
		'  if [ -n "$LAB_OLD_KUBECONFIG" ]; then',
		'    export KUBECONFIG="$LAB_OLD_KUBECONFIG"',
		'  else',
		'    unset KUBECONFIG',
		'  fi',
		'  unset LAB_KUBECONFIG LAB_OLD_KUBECONFIG',
		'fi',
		'unset NS',
	].join('\n');
}

/** A namespace name Kubernetes accepts (RFC 1123 label). */
export const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
