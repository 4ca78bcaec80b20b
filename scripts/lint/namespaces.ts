/**
 * Each lab works in a namespace of its own: never one the cluster shares
 * (default, kube-*), and never one another lab uses, since a reader following
 * two labs on one cluster would have one clean up the other's objects.
 */
import type { LabProblem } from '../extract/errors.ts';
import type { ReadPage } from '../extract/index.ts';

/** The page line of `namespace:` in the frontmatter (1 when it cannot be found). */
function namespaceLine(source: string): number {
	const at = source.split('\n').findIndex((line) => /^\s+namespace:/.test(line));
	return at === -1 ? 1 : at + 1;
}

/**
 * Labs among `pages` whose namespace is shared with the cluster, with an
 * earlier lab among them, or with one of `others` (labs of the site that are
 * not being checked now).
 */
export function namespaceProblems(pages: readonly ReadPage[], others: readonly ReadPage[] = []): LabProblem[] {
	const checked = new Set(pages.map((p) => p.file));
	const owners = new Map(others.flatMap((p) => (p.lab && !checked.has(p.file) ? [[p.lab.options.namespace, p.file] as const] : [])));
	const problems: LabProblem[] = [];
	for (const { file, source, lab } of pages) {
		if (!lab) continue;
		const ns = lab.options.namespace;
		const line = namespaceLine(source);
		const expected = 'a namespace of this lab alone';
		if (ns === 'default' || ns.startsWith('kube-')) {
			const name = file.replace(/^.*\//, '').replace(/\.mdx?$/, '');
			problems.push({ file, line, found: `namespace: ${ns}, which the cluster itself uses`, expected, hint: `name it after the page, e.g. namespace: svc-${name}` });
		}
		const other = owners.get(ns);
		if (other) problems.push({ file, line, found: `namespace: ${ns}, also used by ${other}`, expected, hint: 'labs followed on one cluster would clean up each other\'s objects; rename one of the namespaces' });
		else owners.set(ns, file);
	}
	return problems;
}
