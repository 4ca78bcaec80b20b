/**
 * A downloaded bundle, unpacked and run with `sh lab.sh` in a real busybox
 * container, behaves as the runner does on the same shell-only fixture labs:
 * same steps, same exit codes, outputs that pass the same checker, and a stop
 * at the same failing step. There is no Kubernetes in busybox, so a one-line
 * kubectl stand-in only records the namespace set-up calls lab.sh makes; no
 * output here is shown anywhere as a cluster's.
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
import { describeTier } from '../support/tier.ts';

/** Unpacks the bundle over /lab (where the runner works too), adds the kubectl call recorder, runs lab.sh. */
async function runBundle(lab: Lab): Promise<{ result: ExecResult; kubectlCalls: string[] }> {
	const target = new DockerTarget();
	try {
		await target.start();
		const archive = Buffer.from(await labBundle(lab)).toString('base64');
		await target.writeFiles([{ path: 'bundle.b64', content: archive }]);
		const folder = bundleFolder(lab.file);
		const result = await target.exec(
			[
				'set -e',
				'cd /',
				'base64 -d /lab/bundle.b64 > /tmp/bundle.tar.gz',
				'rm -rf /lab',
				'tar -xzf /tmp/bundle.tar.gz -C /',
				`mv /${folder} /lab`,
				`printf '#!/bin/sh\\necho "$*" >> /tmp/kubectl-calls\\n' > /bin/kubectl`,
				'chmod +x /bin/kubectl',
				'set +e',
				'LAB_YES=1 sh /lab/lab.sh 2>&1',
			].join('\n'),
			120_000,
		);
		const calls = await target.exec('cat /tmp/kubectl-calls 2>/dev/null', 10_000);
		return { result, kubectlCalls: calls.output.split('\n').filter(Boolean) };
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
		const failed = /\nlab\.sh: Step \d+ of \d+ \(page line \d+\) exited (\d+), but the page expects \d+\. Stopping here\.\n[\s\S]*$/.exec(`\n${text}`);
		if (failed) {
			exitCode = Number(failed[1]);
			text = `\n${text}`.slice(0, failed.index).slice(1);
			text = text.endsWith('\n') ? text : `${text}\n`;
		}
		text = text.replace(/\nAll \d+ steps ran with the exit codes the page shows\.\n[\s\S]*$/, '\n');
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

			expect(bundle.kubectlCalls, 'names the context, then runs the namespace set-up (the fixtures call no kubectl)').toEqual([
				'config current-context',
				`create namespace ${lab.options.namespace}`,
				`config set-context --current --namespace=${lab.options.namespace}`,
			]);
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
