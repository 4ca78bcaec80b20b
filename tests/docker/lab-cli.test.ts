/**
 * `npm run lab` over the docker tier's fixture labs (tests/fixtures/labs/), on
 * the hidden docker target: the same runner and checker as verify, shown the
 * way a reader sees them, non-interactively, through stdin, and on a
 * pseudo-terminal.
 */
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { readLab } from '../../scripts/extract/index.ts';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../scripts/run/busybox-image.ts';
import { dockerPrereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';
import { hasScript, plain, runCli, runCliOnTty, ttyEnv } from './lab-cli-support.ts';

const FIXTURES = 'tests/fixtures/labs';
const docker = (name: string, ...more: string[]) => [`${FIXTURES}/${name}.mdx`, '--cluster', 'docker', ...more];

describeTier('lab CLI on the docker target', await dockerPrereq(), () => {
	it('runs a passing lab: every command shown as typed, its real output, and a match', async () => {
		await ensureBusyboxImage();
		const lab = (await readLab(`${FIXTURES}/passing.mdx`, { image: BUSYBOX_IMAGE }))!;
		const r = await runCli(docker('passing'));
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		for (const run of lab.runs) expect(r.stdout).toContain(`$ ${run.command.split('\n')[0]}`);
		expect(r.stdout).toContain('> mkdir -p work && cd work');
		expect(r.stdout).toContain('colour is blue\n/lab/work\nmade in step 2\n');
		expect(r.stdout).toContain('to stdout\nto stderr\nback to stdout\n');
		expect(r.stdout.match(/✓ matches the page/g)).toHaveLength(lab.runs.length);
		expect(r.stdout).toContain(`All ${lab.runs.length} steps as the page shows.`);
		expect(r.stdout, 'no colour when stdout is not a terminal').not.toContain('\x1b[');
	});

	it('accepts a failure the page means (exit=3) and goes on', async () => {
		const r = await runCli(docker('exit-code'));
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('error: nothing called missing-thing');
		expect(r.stdout).toContain('✓ matches the page, exit 3 as the page shows');
		expect(r.stdout).toContain('the lab goes on');
	});

	it('shows the difference and exits 1 when an output does not match', async () => {
		const r = await runCli(docker('mismatch'));
		expect(r.code).toBe(1);
		expect(r.stdout).toContain('✗ does not match the page');
		expect(r.stdout).toContain('- the answer is 42');
		expect(r.stdout).toContain('+ the answer is 41');
		expect(r.stdout).toContain('Step 1 of 1 did not match the page (tests/fixtures/labs/mismatch.mdx:8)');
	});

	it('stops at the first step that fails and never runs the next', async () => {
		const r = await runCli(docker('failing-step'));
		expect(r.code).toBe(1);
		expect(r.stdout).toContain('step 2 exited with code 1; expected 0');
		expect(r.stdout).not.toMatch(/^never printed/m);
		expect(r.stdout).not.toContain('Step 3/3');
	});

	it('--step through stdin: run, skip, quit', async () => {
		const r = await runCli(docker('passing', '--step'), { input: 'r\ns\nq\n' });
		expect(r.code).toBe(130);
		expect(r.stdout).toContain('Run step 1? [Enter/r] run  [s] skip  [q] quit: r\nhello from a lab file');
		expect(r.stdout).toContain('Run step 2? [Enter/r] run  [s] skip  [q] quit: s\n↷ skipped (not run)');
		expect(r.stdout).not.toContain('/lab/work');
		expect(r.stdout).toContain('Stopped before step 3 of 5, as you asked.');
		expect(r.stdout).not.toMatch(/^colour is/m);
	});

	it('--step: a skipped step is not run, the rest still match, and the end of input means quit', async () => {
		const skipped = await runCli(docker('exit-code', '--step'), { input: '\ns\n\n' });
		expect(skipped.code).toBe(0);
		expect(skipped.stdout).not.toMatch(/^looking…$/m);
		expect(skipped.stdout).toContain('All 3 steps as the page shows (2 matched, 1 skipped by you).');
		const ended = await runCli(docker('exit-code', '--step'), { input: 'r\n' });
		expect(ended.code).toBe(130);
		expect(ended.stdout).toContain('(end of input)');
	});

	it.skipIf(!hasScript())('--step on a pseudo-terminal: prompts, answers typed after each prompt, colour', async () => {
		const r = await runCliOnTty(docker('exit-code', '--step'), /Run step \d\? \[Enter\/r\] run/, ['', 's', 'r']);
		const text = plain(r.stdout);
		expect(r.code).toBe(0);
		expect(text.match(/Run step \d\?/g)).toEqual(['Run step 1?', 'Run step 2?', 'Run step 3?']);
		expect(text).toContain('↷ skipped (not run)');
		expect(text).toContain('the lab goes on');
		expect(r.stdout, 'colour on a terminal').toContain('\x1b[32m✓ matches the page');
	});

	it.skipIf(!hasScript())('honours NO_COLOR on a terminal', async () => {
		const r = await runCliOnTty(docker('exit-code'), /$^/, [], ttyEnv({ NO_COLOR: '1' }));
		expect(r.code).toBe(0);
		expect(r.stdout).not.toContain('\x1b[3');
	});

	it('--keep leaves the container running and says how to reach and remove it', async () => {
		const r = await runCli(docker('exit-code', '--keep'));
		expect(r.code).toBe(0);
		const id = /docker rm -f ([0-9a-f]{12})/.exec(r.stdout)?.[1];
		expect(id, r.stdout).toBeDefined();
		try {
			expect(r.stdout).toContain(`docker exec -it ${id} sh -c 'cd /lab && sh'`);
			expect(execFileSync('docker', ['inspect', '-f', '{{.State.Running}}', id!], { encoding: 'utf8' }).trim()).toBe('true');
		} finally {
			execFileSync('docker', ['rm', '-f', id!]);
		}
	});
});
