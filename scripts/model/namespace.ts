/**
 * Every lab works in its own namespace (declared as `lab.namespace` in the
 * page's frontmatter) so a reader can follow it on a shared cluster. This is
 * the one text of the set-up: the runner runs it before the first step, the
 * lab summary shows it to readers, and the downloadable bundle starts with it.
 */
export function namespaceSetup(namespace: string): string {
	return [
		`export NS=${namespace}`,
		'kubectl create namespace "$NS"',
		'kubectl config set-context --current --namespace="$NS"',
	].join('\n');
}

/** The matching clean-up, shown to readers and run by `npm run lab` on their own cluster. */
export function namespaceTeardown(namespace: string): string {
	return `kubectl delete namespace ${namespace} --wait=false`;
}

/** A namespace name Kubernetes accepts (RFC 1123 label). */
export const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
