/**
 * The set-up and clean-up a reader pastes into their own shell (the lab
 * summary and the end of every lab page show them; lab.sh runs them): after
 * set-up, lab, clean-up, their kubeconfig is the same bytes, KUBECONFIG has
 * its old value (or is unset again), no file is left in TMPDIR, and a second
 * paste or a namespace left from an earlier run gets a clear message. Run in
 * every shell installed here, with a stand-in kubectl for the cluster and,
 * where one is installed, the real kubectl for `kubectl config`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { namespaceSetup, namespaceTeardown } from '../../scripts/model/namespace.ts';
import { installedShells, ReaderMachine } from './bundle-reader-shell.ts';

const NS = 'demo-lab';
const setup = namespaceSetup(NS);
const teardown = namespaceTeardown(NS);
const realKubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();

/** Prints a variable's state so unset and empty differ. */
const show = (name: string) => `if [ -n "\${${name}+x}" ]; then echo "${name}=[$${name}]"; else echo "${name} unset"; fi`;

let machine: ReaderMachine | undefined;
afterEach(() => machine?.remove());

describe('the set-up text', () => {
	it('is short enough to read and copy, and POSIX sh (sh -n, dash -n where installed)', () => {
		expect(setup.split('\n').length).toBeLessThanOrEqual(16);
		expect(teardown.split('\n').length).toBeLessThanOrEqual(12);
		for (const [bin] of installedShells().filter(([b]) => b === 'sh' || b === 'dash')) {
			const r = spawnSync(bin!, ['-n'], { input: `${setup}\n${teardown}\n`, encoding: 'utf8' });
			expect(r.stderr, bin).toBe('');
		}
	});

	it('is what tutorials/reference/own-cluster.mdx shows for the ClusterIP lab, set-up and clean-up', () => {
		const page = readFileSync('tutorials/reference/own-cluster.mdx', 'utf8');
		expect(page).toContain(`\`\`\`bash norun\n${namespaceSetup('svc-clusterip')}\n\`\`\``);
		expect(page).toContain(`\`\`\`bash norun\n${namespaceTeardown('svc-clusterip')}\n\`\`\``);
	});

	it('never exports the two LAB_ variables, so programs started from the reader’s shell do not see them', () => {
		expect(setup).not.toMatch(/export LAB_/);
	});
});

const kubeconfigCases: Array<{ name: string; env: (m: ReaderMachine) => Record<string, string | undefined>; before: (m: ReaderMachine) => string }> = [
	{ name: 'KUBECONFIG unset (~/.kube/config)', env: () => ({ KUBECONFIG: undefined }), before: () => 'KUBECONFIG unset' },
	{ name: 'KUBECONFIG naming the file', env: (m) => ({ KUBECONFIG: m.kubeconfig }), before: (m) => `KUBECONFIG=[${m.kubeconfig}]` },
	{
		name: 'KUBECONFIG a list with a missing file',
		env: (m) => ({ KUBECONFIG: `${m.root}/missing:${m.kubeconfig}` }),
		before: (m) => `KUBECONFIG=[${m.root}/missing:${m.kubeconfig}]`,
	},
];

for (const [i, shell] of installedShells().entries()) {
	// The real kubectl's kubeconfig handling does not depend on the shell: sh (the first) is enough.
	for (const real of realKubectl && i === 0 ? [false, true] : [false]) {
		describe(`pasted into ${shell.join(' ')}${real ? ' (kubectl config by the real kubectl)' : ''}`, () => {
			for (const c of kubeconfigCases) {
				it(`${c.name}: the lab runs on a private copy; afterwards the kubeconfig, KUBECONFIG and TMPDIR are as before`, () => {
					machine = new ReaderMachine();
					const m = machine;
					const before = m.homeFiles();
					const script = [
						setup,
						show('KUBECONFIG'),
						'kubectl get pods',
						'kubectl config view --minify -o jsonpath="{.contexts[0].context.namespace}"; echo',
						'echo "paste again:"',
						setup,
						teardown,
						show('KUBECONFIG'),
						show('NS'),
						show('LAB_KUBECONFIG'),
					].join('\n');
					const r = m.run(shell, script, { ...c.env(m), FAKE_KUBE_REAL: real ? realKubectl : undefined });
					const lines = r.stdout.split('\n');
					const during = /^KUBECONFIG=\[(.*)\]$/.exec(lines.find((l) => l.startsWith('KUBECONFIG=')) ?? '')?.[1];
					expect(during, r.stdout + r.stderr).toMatch(new RegExp(`^${m.tmp}/`));
					// Every kubectl call after the copy used it; the copy's context has the lab's namespace.
					const afterCopy = r.calls.slice(r.calls.findIndex((call) => call.endsWith('config view --raw --minify --flatten')) + 1);
					expect(afterCopy.filter((call) => !call.endsWith('config view --raw --minify --flatten') && !call.includes('delete namespace'))).not.toEqual([]);
					for (const call of afterCopy.filter((x) => !x.endsWith('config view --raw --minify --flatten'))) expect(call.split('|')[0], call).toBe(during);
					expect(r.stdout).toContain(`namespace/${NS} created`);
					if (real) expect(lines).toContain(NS);
					expect(r.stdout).toContain(`paste again:\nNamespace ${NS} exists (an earlier run?): carry on, or run the clean-up at the end of the page, then this again.`);
					expect(lines.slice(-4, -1)).toEqual([c.before(m), 'NS unset', 'LAB_KUBECONFIG unset']);
					expect(r.leftInTmp).toEqual([]);
					expect(m.hasNamespace(NS)).toBe(false);
					expect(m.homeFiles()).toEqual(before);
				});
			}

			it('with no kubeconfig at all: says there is no context to copy, writes no file in the home, and the clean-up leaves KUBECONFIG unset', () => {
				machine = new ReaderMachine(null);
				const m = machine;
				const r = m.run(shell, [setup, teardown, show('KUBECONFIG')].join('\n'), { KUBECONFIG: undefined, FAKE_KUBE_REAL: real ? realKubectl : undefined });
				expect(r.stdout).toContain('No current kubectl context to copy: pick one (kubectl config use-context NAME), then run this again.');
				expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('KUBECONFIG unset');
				expect([...m.homeFiles().keys()].filter((f) => f.endsWith('/config'))).toEqual([]);
				expect(r.leftInTmp).toEqual([]);
			});
		});
	}
}

describe('a namespace left from an earlier run', () => {
	it('still there: the set-up says so and how to go on, creates nothing, and still points the copy at it', () => {
		machine = new ReaderMachine();
		machine.namespace(NS, 'Active');
		const r = machine.run(['sh'], `${setup}\n${teardown}`);
		expect(r.stdout).toContain(`Namespace ${NS} exists (an earlier run?): carry on, or run the clean-up at the end of the page, then this again.`);
		expect(r.calls.some((c) => c.endsWith(`create namespace ${NS}`))).toBe(false);
		expect(r.calls.some((c) => c.endsWith(`config set-context --current --namespace=${NS}`))).toBe(true);
	});

	it('being deleted: the set-up says to wait for it, with the command', () => {
		machine = new ReaderMachine();
		machine.namespace(NS, 'Terminating');
		const r = machine.run(['sh'], setup);
		expect(r.stdout).toContain(`Namespace ${NS} is still being deleted: kubectl wait --for=delete namespace/${NS} --timeout=5m, then run this again.`);
		expect(r.calls.some((c) => c.endsWith(`create namespace ${NS}`))).toBe(false);
	});
});

describe('the clean-up in a new shell (the set-up ran elsewhere)', () => {
	it('deletes the namespace and touches neither KUBECONFIG nor any file', () => {
		machine = new ReaderMachine();
		const m = machine;
		m.namespace(NS, 'Active');
		const before = m.homeFiles();
		const r = m.run(['sh'], `${teardown}\n${show('KUBECONFIG')}`, { KUBECONFIG: m.kubeconfig });
		expect(m.hasNamespace(NS)).toBe(false);
		expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`KUBECONFIG=[${m.kubeconfig}]`);
		expect(m.homeFiles()).toEqual(before);
	});
});
