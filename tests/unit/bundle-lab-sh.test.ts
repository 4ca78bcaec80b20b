/**
 * A bundle's lab.sh run as a reader runs it, in a local sh against a stand-in
 * kubectl: their kubeconfig is the same bytes afterwards and nothing is left
 * in TMPDIR, whether the lab passes, fails or is refused; a failing step names
 * its URL on the page and the clean-up; a re-run after a partial run gets a
 * clear message and a way on; a lab that needs Traefik refuses at once
 * without it; a step marked k3s is announced on another cluster.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { labScript } from '../../scripts/bundle/lab-script.ts';
import type { Lab } from '../../scripts/model/lab.ts';
import { runStep, testLab } from './bundle-support.ts';
import { ReaderMachine, type ShellRun } from './bundle-reader-shell.ts';

const NS = 'demo-lab';
const passing = testLab([
	runStep('echo "in $NS"; kubectl get pods', 10, {}, 'in demo-lab'),
	runStep('scratch=$(mktemp)\necho kept > "$scratch"\ncat "$scratch"', 20, { k3s: true }),
]);
const failing = testLab([runStep('echo first', 10), runStep('echo second; false', 20), runStep('echo never', 30)]);
const ingress: Lab = { ...passing, options: { ...passing.options, k3sArgs: [] } };

let machine: ReaderMachine | undefined;
afterEach(() => machine?.remove());

function runLab(lab: Lab, env: Record<string, string | undefined> = {}, prepare?: (m: ReaderMachine) => void): { run: ShellRun; m: ReaderMachine; homeSame: boolean } {
	machine = new ReaderMachine();
	const m = machine;
	prepare?.(m);
	const before = m.homeFiles();
	writeFileSync(join(m.root, 'lab.sh'), labScript(lab), { mode: 0o755 });
	const run = m.run(['sh', join(m.root, 'lab.sh')], '', { LAB_YES: '1', ...env });
	const after = m.homeFiles();
	const homeSame = before.size === after.size && [...before].every(([path, bytes]) => after.get(path)?.equals(bytes));
	return { run, m, homeSame };
}

describe('lab.sh on a reader’s machine', () => {
	it('passes: runs the steps on a private copy, cleans up, and leaves the kubeconfig and TMPDIR as they were', () => {
		const { run, m, homeSame } = runLab(passing);
		expect(run.status, run.stdout + run.stderr).toBe(0);
		expect(run.stdout).toContain('\n== Step 1 of 2 (/services/demo/#step-1)\n');
		expect(run.stdout).toContain('All 2 steps ran with the exit codes the page shows, and the clean-up ran.');
		const copy = run.calls.find((c) => c.endsWith('create namespace demo-lab'))!.split('|')[0]!;
		expect(copy.startsWith(`${m.tmp}/`)).toBe(true);
		expect(run.calls.filter((c) => c.includes('set-context') || c.endsWith('get pods')).map((c) => c.split('|')[0])).toEqual([copy, copy]);
		expect(m.hasNamespace(NS)).toBe(false);
		expect(run.leftInTmp).toEqual([]);
		expect(homeSame).toBe(true);
	});

	it('LAB_KEEP=1 leaves the namespace and says how to clean up', () => {
		const { run, m } = runLab(passing, { LAB_KEEP: '1' });
		expect(run.status).toBe(0);
		expect(run.stdout).toContain(`LAB_KEEP=1: namespace ${NS} is left. Clean up with:\nkubectl delete namespace ${NS} --wait=false\n`);
		expect(m.hasNamespace(NS)).toBe(true);
		expect(run.leftInTmp).toEqual([]);
	});

	it('a failing step: stops there, names the step’s URL on the page, prints the clean-up, and leaves no temporary file', () => {
		const { run, m, homeSame } = runLab(failing);
		expect(run.status).toBe(1);
		expect(run.stderr).toContain('lab.sh: Step 2 of 3 exited 1, but the page expects 0. Stopping here. The step on the page: /services/demo/#step-2\n');
		expect(run.stderr).toContain(`Namespace ${NS} is left as it is, to look into. Clean up with:\n  kubectl delete namespace ${NS} --wait=false\n`);
		expect(run.stderr).not.toMatch(/page line|\.mdx/);
		expect(run.stdout).not.toContain('never');
		expect(m.hasNamespace(NS)).toBe(true);
		expect(run.leftInTmp).toEqual([]);
		expect(homeSame).toBe(true);
	});

	it('a re-run after a partial run: the namespace is still there, so it says so and how to go on, and creates nothing', () => {
		const { run, m } = runLab(passing, {}, (mm) => mm.namespace(NS, 'Active'));
		expect(run.status).toBe(2);
		expect(run.stdout).toContain(`lab.sh: namespace ${NS} already exists on home-admin (left from an earlier run?); the lab starts in a fresh one.`);
		expect(run.stderr).toContain(`lab.sh: delete it if it is yours (kubectl delete namespace ${NS}), then run lab.sh again; or answer yes at a terminal to have it deleted. Nothing done.`);
		expect(run.calls.some((c) => /create namespace|set-context|delete/.test(c))).toBe(false);
		expect(m.hasNamespace(NS)).toBe(true);
		expect(run.leftInTmp).toEqual([]);
	});

	it('a re-run while the earlier clean-up is still deleting the namespace: waits for it, then runs', () => {
		const { run } = runLab(passing, {}, (mm) => mm.namespace(NS, 'Terminating'));
		expect(run.stdout).toContain(`lab.sh: namespace ${NS} is still being deleted (an earlier clean-up); lab.sh waits for it to go (up to 300 s).`);
		expect(run.calls.map((c) => c.split('|')[1])).toContain(`wait --for=delete namespace/${NS} --timeout=300s`);
		expect(run.status, run.stderr).toBe(0);
	});

	it('no current context: refuses at once, saying how to choose one', () => {
		machine = new ReaderMachine(null);
		writeFileSync(join(machine.root, 'lab.sh'), labScript(passing));
		const run = machine.run(['sh', join(machine.root, 'lab.sh')], '', { LAB_YES: '1' });
		expect(run.status).toBe(2);
		expect(run.stderr).toContain('lab.sh: kubectl has no current context (no kubeconfig, or none chosen). Choose one with kubectl config use-context NAME. Nothing done.');
		expect(run.leftInTmp).toEqual([]);
	});
});

describe('lab.sh and what a lab needs of k3s', () => {
	it('a lab that keeps Traefik refuses at once on a context without it, naming what is missing', () => {
		const started = Date.now();
		const { run } = runLab(ingress);
		expect(run.status).toBe(2);
		expect(run.stderr).toContain(
			'lab.sh: this lab needs the Traefik that k3s installs (HelmChart or Deployment traefik in namespace kube-system); context home-admin has neither. Use a k3s cluster started without --disable=traefik. Nothing done.',
		);
		expect(run.calls.some((c) => c.includes('create namespace'))).toBe(false);
		expect(Date.now() - started).toBeLessThan(20_000);
	});

	it('goes on when Traefik is there', () => {
		const { run } = runLab(ingress, { FAKE_KUBE_TRAEFIK: '1', FAKE_KUBE_KUBELET: 'v1.36.4+k3s1' });
		expect(run.status, run.stderr).toBe(0);
	});

	it('announces a step marked k3s on a cluster whose nodes are not k3s, and not on k3s', () => {
		const note = '(Step 2 needs k3s itself; the nodes of home-admin do not report a k3s kubelet, so it may fail or print something else.)';
		expect(runLab(passing, { FAKE_KUBE_KUBELET: 'v1.36.2-eks-1234' }).run.stdout).toContain(note);
		expect(runLab(passing, { FAKE_KUBE_KUBELET: 'v1.36.4+k3s1' }).run.stdout).not.toContain('needs k3s itself');
	});

	it('says in its header what needs k3s', () => {
		const script = labScript(ingress);
		expect(script).toContain("# Needs:    k3s's bundled Traefik (lab.k3sArgs keeps it). lab.sh checks this first.");
		expect(script).toContain('# k3s:      step 2 needs k3s itself; lab.sh says so before it on another cluster.');
		expect(labScript(failing)).not.toMatch(/Traefik|# k3s:/);
	});
});
