/**
 * What a lab needs of k3s itself, beyond any conformant cluster: the steps an
 * author marked with the bare word `k3s` (ServiceLB, the bundled Traefik, the
 * node's own tools), and whether the lab needs k3s's bundled Traefik (its
 * `k3sArgs` keep it). The lab summary says so to readers, and lab.sh checks
 * for the controller before it creates anything.
 */
import type { Lab, LabOptions } from './lab.ts';

/** The 1-based numbers of the run steps marked `k3s`, in page order. */
export function k3sStepNumbers(lab: Pick<Lab, 'runs'>): number[] {
	return lab.runs.filter((step) => step.options.k3s).map((step) => step.index + 1);
}

/** The components named by k3s's --disable flags (`--disable=a,b`, `--disable a`, and the old `--no-deploy`). */
function disabledComponents(args: readonly string[]): Set<string> {
	const disabled = new Set<string>();
	for (const [i, arg] of args.entries()) {
		const match = /^--(?:disable|no-deploy)(?:=(.*))?$/.exec(arg);
		if (!match) continue;
		const value = match[1] ?? args[i + 1] ?? '';
		for (const name of value.split(',')) disabled.add(name.trim());
	}
	return disabled;
}

/**
 * Whether the lab runs on a k3s that keeps its bundled Traefik, that is, the
 * page needs that Ingress (and Gateway) controller: its k3sArgs do not disable
 * it (the default `--disable=traefik` does).
 */
export function needsTraefik(options: Pick<LabOptions, 'k3sArgs'>): boolean {
	return !disabledComponents(options.k3sArgs).has('traefik');
}

/** "1", "1 and 3", "1, 3 and 4": step numbers as a sentence says them. */
export function listNumbers(numbers: readonly number[]): string {
	if (numbers.length <= 1) return numbers.join('');
	return `${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
}
