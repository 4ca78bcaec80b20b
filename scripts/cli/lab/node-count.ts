/**
 * `--cluster current` for a lab on more than one node (`lab.nodes`): how many
 * Ready nodes the reader's cluster has, asked before anything is created.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Each node's Ready condition status, one per line. */
const READY_JSONPATH = '{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}';

/** Counts the `True` lines of READY_JSONPATH's output. */
export function countReady(output: string): number {
	return output.split('\n').filter((line) => line.trim() === 'True').length;
}

/** Ready nodes on the cluster of a kubeconfig; throws with kubectl's reason when the cluster cannot be asked. */
export async function readyNodeCount(kubeconfig: string): Promise<number> {
	try {
		const { stdout } = await run('kubectl', ['get', 'nodes', '-o', `jsonpath=${READY_JSONPATH}`], {
			env: { ...process.env, KUBECONFIG: kubeconfig },
			timeout: 20_000,
		});
		return countReady(stdout);
	} catch (error) {
		const e = error as { stderr?: string; message?: string };
		const reason = (e.stderr || e.message || String(error)).trim().split('\n')[0];
		throw new Error(`cannot count the nodes of your current context: ${reason}`, { cause: error });
	}
}

/** The refusal when the reader's cluster has fewer Ready nodes than the lab needs. */
export function tooFewNodes(page: string, needed: number, ready: number, context: string): string {
	return (
		`lab: ${page} needs ${needed} Ready nodes (lab.nodes: ${needed}); ${context} has ${ready}. ` +
		`Run it on a throwaway cluster of ${needed} nodes with --cluster k3s, or on a cluster with more nodes. Nothing done.`
	);
}
