import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { checkStep } from '../../scripts/check/index.ts';
import { readLab } from '../../scripts/extract/index.ts';
import type { Lab } from '../../scripts/model/lab.ts';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../scripts/run/busybox-image.ts';
import { DockerTarget } from '../../scripts/run/docker-target.ts';
import { runLab, type LabRun } from '../../scripts/run/runner.ts';
import { dockerPrereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';
import { FIXTURE_LABS } from './verify-helpers.ts';

async function fixture(name: string): Promise<Lab> {
	const lab = await readLab(join(FIXTURE_LABS, `${name}.mdx`), { image: BUSYBOX_IMAGE });
	if (!lab) throw new Error(`${name}.mdx is not a lab`);
	return lab;
}

/** Runs a fixture lab with the real runner on a fresh busybox container, exactly as verify does. */
async function run(name: string): Promise<LabRun> {
	return runLab(await fixture(name), new DockerTarget(), { check: checkStep, retryPauseMs: 500 });
}

describeTier('runner on the docker target', await dockerPrereq(), () => {
	beforeAll(() => ensureBusyboxImage(), 120_000);

	it('runs a passing lab: file blocks are written, env, cwd and files carry over, stderr keeps its place', async () => {
		const r = await run('passing');
		expect(r.failure).toBeUndefined();
		expect(r.ok).toBe(true);
		expect(r.steps.map((s) => s.output)).toEqual([
			'hello from a lab file\n',
			'/lab/work\n',
			'colour is blue\n/lab/work\nmade in step 2\n',
			'to stdout\nto stderr\nback to stdout\n',
			'greeting.txt\nwork\n',
		]);
		expect(r.provenance).toMatchObject({ target: 'docker', image: BUSYBOX_IMAGE });
	});

	it('stops at a step that fails by accident and does not run the steps after it', async () => {
		const r = await run('failing-step');
		expect(r.ok).toBe(false);
		expect(r.steps).toHaveLength(2);
		const failed = r.failure?.phase === 'step' ? r.failure.outcome : undefined;
		expect(failed?.step.index).toBe(1);
		expect(failed?.exitCode).toBe(1);
		expect(failed?.output).toContain('step 2 tries to list a missing directory');
		expect(failed?.output).not.toContain('never printed');
		expect(failed?.problems.join('\n')).toMatch(/exited with code 1; expected 0/);
		expect(r.diagnostics).toBeTruthy();
	});

	it('passes a step that exits non-zero when the page says exit=N, keeping the real exit code', async () => {
		const r = await run('exit-code');
		expect(r.ok).toBe(true);
		expect(r.steps[1]).toMatchObject({ exitCode: 3, output: 'looking…\nerror: nothing called missing-thing\n' });
	});

	it('kills a step at its timeout instead of waiting for it', async () => {
		const started = Date.now();
		const r = await run('timeout');
		expect(r.ok).toBe(false);
		const failed = r.failure?.phase === 'step' ? r.failure.outcome : undefined;
		expect(failed).toMatchObject({ timedOut: true, exitCode: 137 });
		expect(failed?.problems[0]).toMatch(/timed out after 2 s/);
		expect(Date.now() - started).toBeLessThan(20_000);
	});

	it('re-runs a retry= step until its expectation holds', async () => {
		const r = await run('retry');
		expect(r.ok).toBe(true);
		expect(r.steps[0]).toMatchObject({ attempts: 3, output: 'ready after 3 attempts\n' });
	});

	it('fails a step whose output does not match its expectation, with the diff', async () => {
		const r = await run('mismatch');
		expect(r.ok).toBe(false);
		const problems = r.failure?.phase === 'step' ? r.failure.outcome.problems.join('\n') : '';
		expect(problems).toContain('- the answer is 42');
		expect(problems).toContain('+ the answer is 41');
	});

	it('bounds the whole lab by its lab timeout', async () => {
		const started = Date.now();
		const r = await run('lab-timeout');
		expect(r.ok).toBe(false);
		expect(JSON.stringify(r.failure)).toMatch(/lab timeout of 4 s/);
		expect(Date.now() - started).toBeLessThan(25_000);
	});
});
