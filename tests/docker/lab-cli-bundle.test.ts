/**
 * A downloaded bundle, unpacked and run with `sh lab.sh` in a real busybox
 * container, behaves as the runner does on the same shell-only fixture labs:
 * same steps, same exit codes, outputs that pass the same checker, and a stop
 * at the same failing step. It leaves the reader's kubeconfig byte for byte
 * and /tmp as they were. There is no Kubernetes in busybox, so the stand-in
 * kubectl of the unit tests (tests/unit/bundle-kubectl.ts) answers the
 * set-up and clean-up calls lab.sh makes; no output here is shown anywhere as
 * a cluster's.
 */
import { expect, it } from 'vitest';
import { labBundle } from '../../scripts/bundle/lab-bundle.ts';
import { bundleFolder } from '../../scripts/model/pages.ts';
import { checkStep } from '../../scripts/check/index.ts';
import { readLab } from '../../scripts/extract/index.ts';
import type { Lab } from '../../scripts/model/lab.ts';
import { BUSYBOX_IMAGE } from '../../scripts/run/busybox-image.ts';
import { DockerTarget } from '../../scripts/run/docker-target.ts';
import { runLab, type LabRun } from '../../scripts/run/runner.ts';
import type { ExecResult } from '../../scripts/run/target.ts';
import { dockerPrereq } from '../support/prereq.ts';
import { FAKE_KUBECTL } from '../unit/bundle-kubectl.ts';
import { READER_KUBECONFIG } from '../unit/bundle-reader-shell.ts';
import { describeTier } from '../support/tier.ts';

/** What a bundle run left: lab.sh's transcript, the kubectl calls, and whether the reader's machine is as before. */
interface BundleRun {
	result: ExecResult;
	kubectlCalls: string[];
	/** sha256sum of ~/.kube/config before, then after. */
	kubeconfig: [string, string];
	/** `ls -A /tmp` before, then after. */
	tmp: [string, string];
}

/**
 * Unpacks the bundle over /lab (where the runner works too),
 * gives the reader a kubeconfig and the stand-in kubectl, runs lab.sh, and
 * looks at ~/.kube/config and /tmp before and after.
 */
async function runBundle(lab: Lab): Promise<BundleRun> {
	const target = new DockerTarget();
	try {
		await target.start();
		const archive = Buffer.from(await labBundle(lab)).toString('base64');
		await target.writeFiles([
			{ path: 'bundle.b64', content: archive },
			{ path: 'kubectl', content: FAKE_KUBECTL },
			{ path: 'kubeconfig', content: READER_KUBECONFIG },
		]);
		const folder = bundleFolder(lab.file);
		const prepared = await target.exec(
			[
				'set -e',
				'cd /',
				'mkdir -p /root/.kube /opt/bundle /var/kube-state',
				'mv /lab/kubeconfig /root/.kube/config',
				'mv /lab/kubectl /bin/kubectl && chmod +x /bin/kubectl',
				'base64 -d /lab/bundle.b64 > /opt/bundle/lab.tar.gz',
				'rm -rf /lab',
				// busybox tar does not detect gzip by itself (GNU tar and bsdtar, which readers have, do: tests/unit/bundle.test.ts).
				'tar -xzf /opt/bundle/lab.tar.gz -C /',
				`mv /${folder} /lab`,
			].join('\n'),
			60_000,
		);
		expect(prepared.exitCode, prepared.output).toBe(0);
		const look = 'sha256sum /root/.kube/config; echo "--- /tmp:"; ls -A /tmp';
		const before = (await target.exec(look, 10_000)).output;
		const result = await target.exec('HOME=/root FAKE_KUBE_STATE=/var/kube-state LAB_YES=1 sh /lab/lab.sh 2>&1', 120_000);
		const after = (await target.exec(look, 10_000)).output;
		const calls = await target.exec('cat /var/kube-state/calls 2>/dev/null', 10_000);
		const split = (text: string) => text.split('--- /tmp:') as [string, string];
		return {
			result,
			kubectlCalls: calls.output.split('\n').filter(Boolean),
			kubeconfig: [split(before)[0], split(after)[0]],
			tmp: [split(before)[1], split(after)[1]],
		};
	} finally {
		await target.stop();
	}
}

/** One step as lab.sh printed it: the echoed command removed, and lab.sh's own trailing lines. */
interface PrintedStep {
	number: number;
	output: string;
	exitCode: number;
}

/** Splits lab.sh's transcript into its steps (the `== Step N of T` headers lab.sh prints). */
function printedSteps(lab: Lab, transcript: string): PrintedStep[] {
	const steps: PrintedStep[] = [];
	for (const section of transcript.split(/\n== /).slice(1)) {
		const number = Number(/^Step (\d+) of/.exec(section)?.[1]);
		if (!number) continue;
		const run = lab.runs[number - 1]!;
		const lines = section.split('\n').slice(1 + run.command.replace(/\n$/, '').split('\n').length);
		// A retry= step prints every attempt; the last one is what counts, as in the runner.
		let text = lines.join('\n').split('(not as the page shows yet: trying again in 2 s)\n').pop()!;
		let exitCode = run.options.exit;
		const failed = /\nlab\.sh: Step \d+ of \d+ exited (\d+), but the page expects \d+\. Stopping here\. The step on the page: \S+#step-\d+\n[\s\S]*$/.exec(`\n${text}`);
		if (failed) {
			exitCode = Number(failed[1]);
			text = `\n${text}`.slice(0, failed.index).slice(1);
			text = text.endsWith('\n') ? text : `${text}\n`;
		}
		text = text.replace(/\n== Clean-up \([\s\S]*$/, '\n');
		text = text.replace(/\(exit \d+, as the page shows\)\n$/, '');
		steps.push({ number, output: text === '\n' ? '' : text, exitCode });
	}
	return steps;
}

async function runner(lab: Lab): Promise<LabRun> {
	return runLab(lab, new DockerTarget(), { check: checkStep, retryPauseMs: 500 });
}

describeTier('lab bundle in busybox', await dockerPrereq(), () => {
	for (const fixture of ['passing', 'exit-code', 'failing-step', 'retry']) {
		it(`${fixture}: lab.sh runs the same steps, with the same exit codes and checkable outputs, as the runner`, async () => {
			const lab = (await readLab(`tests/fixtures/labs/${fixture}.mdx`, { image: BUSYBOX_IMAGE }))!;
			const [bundle, engine] = await Promise.all([runBundle(lab), runner(lab)]);
			const printed = printedSteps(lab, bundle.result.output);

			const ns = lab.options.namespace;
			const phase = `get namespace ${ns} -o jsonpath={.status.phase}`;
			const setup = ['config view --raw --minify --flatten', phase, `create namespace ${ns}`, `config set-context --current --namespace=${ns}`];
			expect(bundle.kubectlCalls, 'names the context, checks the namespace, runs the set-up and, when every step passed, the clean-up (the fixtures call no kubectl)').toEqual([
				'config current-context',
				phase,
				...setup,
				...(engine.ok ? [`delete namespace ${ns} --wait=false`] : []),
			]);
			expect(bundle.kubeconfig[1], 'the reader’s kubeconfig, byte for byte').toBe(bundle.kubeconfig[0]);
			// The retry fixture's own step keeps its count in /tmp/attempts: the page's doing, not lab.sh's.
			const ownFiles = (listing: string) => listing.split('\n').filter((name) => name !== 'attempts');
			expect(ownFiles(bundle.tmp[1]), 'nothing of lab.sh left in /tmp').toEqual(ownFiles(bundle.tmp[0]));
			if (!engine.ok) expect(bundle.result.output).toMatch(/The step on the page: \/[^\s]*#step-\d+\n[\s\S]*Clean up with:\n {2}kubectl delete namespace /);
			expect(bundle.result.exitCode, bundle.result.output).toBe(engine.ok ? 0 : 1);
			expect(printed.map((s) => s.number)).toEqual(engine.steps.map((s) => s.step.index + 1));
			if (fixture === 'retry') expect(bundle.result.output).toContain('ready after 3 attempts');
			expect(printed.map((s) => s.exitCode)).toEqual(engine.steps.map((s) => s.exitCode));
			for (const [i, step] of printed.entries()) {
				const outcome = engine.steps[i]!;
				const verdict = checkStep(outcome.step, { output: step.output, exitCode: step.exitCode });
				expect(verdict.ok, `step ${step.number}: ${verdict.problems.join('\n')}\n--- lab.sh printed:\n${step.output}`).toBe(outcome.ok);
			}
		});
	}
});
