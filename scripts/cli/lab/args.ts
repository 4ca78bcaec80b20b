/**
 * Command-line options of `npm run lab`, parsed in one place with node's
 * parseArgs so every mistake is a usage error (exit 2) naming what was wrong.
 */
import { parseArgs } from 'node:util';
import { resolvePage } from '../../model/pages.ts';

/** The usage line printed with every usage error and by --help. */
export const USAGE = 'usage: npm run lab -- <page> [--cluster k3s|current] [--step] [--keep] [--yes]';

/** Documented exit codes, printed by --help (CONTRIBUTING.md repeats them). */
export const EXIT = {
	/** Every step ran (or you skipped it) and matched the page. */
	ok: 0,
	/** A step did not match the page, or the cluster could not start. */
	mismatch: 1,
	/** Bad input, bad usage, or refused (no confirmation to use your cluster). */
	usage: 2,
	/** Interrupted (Ctrl-C) or quit at a --step prompt. */
	interrupted: 130,
} as const;

/** Where the lab runs. `docker` is hidden: a busybox container for the docker test tier, no Kubernetes. */
export type ClusterKind = 'k3s' | 'current' | 'docker';

/** What the reader asked for. */
export interface LabArgs {
	/** The page, project-relative (tutorials/…/x.mdx). */
	page: string;
	cluster: ClusterKind;
	step: boolean;
	keep: boolean;
	yes: boolean;
}

/** A problem with the command line; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {}

/** The help text: options and exit codes. */
export const HELP = `${USAGE}

Runs a lab page's steps with the engine that verifies the site, showing each
command, its output, and whether it matched the page. Nothing is recorded.

  <page>              tutorials/services/clusterip.mdx or services/clusterip
  --cluster k3s       a throwaway k3s in Docker (default), removed at the end
  --cluster current   your current kubectl context, in the lab's namespace,
                      which it creates and deletes; asks first
  --step              pause before each command: run, skip or quit
  --keep              leave the cluster or namespace for exploring; prints how
                      to reach it and how to remove it
  --yes               do not ask before using your current context

Exit codes: 0 every step matched the page (or you skipped it), 1 a step did
not match or the cluster could not start, 2 bad input or refused, 130
interrupted or quit.`;

/** Parses argv (without node and the script). Throws UsageError. */
export function parseLabArgs(argv: string[], root = process.cwd()): LabArgs | 'help' {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				cluster: { type: 'string', default: 'k3s' },
				step: { type: 'boolean', default: false },
				keep: { type: 'boolean', default: false },
				yes: { type: 'boolean', short: 'y', default: false },
				help: { type: 'boolean', short: 'h', default: false },
			},
		});
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
	const { values, positionals } = parsed;
	if (values.help) return 'help';
	if (!['k3s', 'current', 'docker'].includes(values.cluster)) {
		throw new UsageError(`--cluster: expected k3s or current, found "${values.cluster}"`);
	}
	if (positionals.length !== 1) {
		throw new UsageError(positionals.length ? `expected one page, found ${positionals.length}: ${positionals.join(' ')}` : 'expected a page');
	}
	let page: string;
	try {
		page = resolvePage(positionals[0]!, root);
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
	return {
		page,
		cluster: values.cluster as ClusterKind,
		step: values.step,
		keep: values.keep,
		yes: values.yes,
	};
}
