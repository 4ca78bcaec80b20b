import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { findPages, readLab } from '../../scripts/extract/index.ts';
import { staleReason } from '../../scripts/record/lab-record.ts';
import { readRecord } from '../../scripts/record/read-record.ts';
import { LabRecordSchema } from '../../scripts/model/record.ts';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../scripts/run/busybox-image.ts';
import { RUN_ID_LABEL } from '../../scripts/run/target.ts';
import { dockerPrereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';
import { containersWithLabel, FIXTURE_LABS, fixtureCopy, ROOT, runVerify, startVerify } from './verify-helpers.ts';

/** Each test spawns verify one to four times; on a loaded machine one spawn alone can take 15 s. */
const CLI_TEST_TIMEOUT = 300_000;

describeTier('npm run verify on the docker target', await dockerPrereq(), () => {
	beforeAll(() => ensureBusyboxImage(), 120_000);

	it('has committed fixture records that still match their pages (else: npm run fixtures:record)', async () => {
		for (const name of ['passing', 'exit-code']) {
			const page = `tests/fixtures/labs/${name}.mdx`;
			const lab = await readLab(join(ROOT, page), { image: BUSYBOX_IMAGE });
			const record = await readRecord(page, ROOT);
			expect(lab && staleReason(lab, record, 'docker'), page).toBeUndefined();
			expect(record?.steps.every((s) => s.output.length > 0)).toBe(true);
		}
	}, CLI_TEST_TIMEOUT);

	it('records a passed lab, then leaves it alone until a step changes', async () => {
		const dir = await fixtureCopy();
		const first = await runVerify(dir, ['passing.mdx', 'exit-code.mdx']);
		expect(first.code, first.output).toBe(0);
		const record = LabRecordSchema.parse(JSON.parse(await readFile(join(dir, 'passing.outputs.json'), 'utf8')));
		expect(record).toMatchObject({ page: 'passing.mdx', target: 'docker', image: 'labs-busybox:local' });
		expect(record.steps.map((s) => s.output)[2]).toBe('colour is blue\n/lab/work\nmade in step 2\n');
		expect(first.output).toMatch(/passing\.mdx\s+passed\s+5\/5/);

		const second = await runVerify(dir, ['passing.mdx', 'exit-code.mdx']);
		expect(second.code, second.output).toBe(0);
		expect(second.output).toContain('[passing] up to date');
		expect(second.output).toContain('[exit-code] up to date');
		expect(second.output).not.toContain('starting the docker target');

		const page = join(dir, 'passing.mdx');
		await writeFile(page, (await readFile(page, 'utf8')).replace('echo "colour is $COLOUR"', 'echo "the colour is $COLOUR"').replace('colour is blue\n/lab', 'the colour is blue\n/lab'));
		const third = await runVerify(dir, ['passing.mdx', 'exit-code.mdx']);
		expect(third.code, third.output).toBe(0);
		expect(third.output).toMatch(/\[passing\] will run: step 3 \(line \d+\) or a step before it changed/);
		expect(third.output).toContain('[exit-code] up to date');
		const rerecorded = JSON.parse(await readFile(join(dir, 'passing.outputs.json'), 'utf8')) as { steps: { output: string }[] };
		expect(rerecorded.steps[2]?.output).toBe('the colour is blue\n/lab/work\nmade in step 2\n');

		const forced = await runVerify(dir, ['passing.mdx', '--update']);
		expect(forced.output).toContain('starting the docker target');
	}, CLI_TEST_TIMEOUT);

	it('leaves the previous record byte-identical when a lab fails, writes a failure report, and leaves no container either way', async () => {
		const dir = await fixtureCopy();
		const runId = randomUUID();
		expect((await runVerify(dir, ['passing.mdx'], { LABS_RUN_ID: runId })).code).toBe(0);
		expect(await containersWithLabel(`${RUN_ID_LABEL}=${runId}`)).toEqual([]);
		const before = await readFile(join(dir, 'passing.outputs.json'));

		const page = join(dir, 'passing.mdx');
		await writeFile(page, (await readFile(page, 'utf8')).replace('echo "colour is $COLOUR"', 'echo "colour is $COLOUR"; false'));
		const failed = await runVerify(dir, ['passing.mdx'], { LABS_RUN_ID: runId });
		expect(failed.code).toBe(1);
		expect(await containersWithLabel(`${RUN_ID_LABEL}=${runId}`)).toEqual([]);
		expect(failed.output).toMatch(/\[passing\] FAILED: step 3 \(passing\.mdx:\d+\) failed: step 3 exited with code 1; expected 0/);
		expect(failed.output).toMatch(/\[passing\] {3}passing\.mdx:\d+: step 3 exited with code 1/);
		expect(Buffer.compare(await readFile(join(dir, 'passing.outputs.json')), before)).toBe(0);

		const reportPath = /failure report: (reports\/\S+\.md)/.exec(failed.output)?.[1];
		expect(reportPath, failed.output).toBeDefined();
		const report = await readFile(join(dir, reportPath!), 'utf8');
		expect(report).toContain('## Step 3 at passing.mdx:');
		expect(report).toContain('exited with code 1; expected 0');
		expect(report).toContain('## Diagnostics');
		expect((await readdir(dir)).filter((f) => f.includes('.tmp'))).toEqual([]);
	}, CLI_TEST_TIMEOUT);

	it('rejects bad input with the extractor\'s message and exit 2, running and writing nothing', async () => {
		const dir = await fixtureCopy();
		const r = await runVerify(dir, ['passing.mdx', 'bad/unknown-option.mdx']);
		expect(r.code).toBe(2);
		expect(r.output).toContain('bad/unknown-option.mdx:7: found unknown meta option `timout=30`');
		expect(r.output).toContain('hint:');
		expect(r.output).not.toContain('starting the docker target');
		expect(existsSync(join(dir, 'passing.outputs.json'))).toBe(false);
		expect(existsSync(join(dir, 'reports'))).toBe(false);
	}, CLI_TEST_TIMEOUT);

	it('refuses a record broken by hand: names file, line, field and fix, exits 2, runs nothing and leaves the record as it is', async () => {
		const dir = await fixtureCopy();
		const recordFile = join(dir, 'passing.outputs.json');
		const broken = (await readFile(join(FIXTURE_LABS, 'passing.outputs.json'), 'utf8')).replace(/"exitCode": 0,/, '"exitCode": "zero",');
		await writeFile(recordFile, broken);
		const line = broken.split('\n').findIndex((l) => l.includes('"zero"')) + 1;

		const refused = await runVerify(dir, ['passing.mdx', 'exit-code.mdx']);
		expect(refused.code, refused.output).toBe(2);
		expect(refused.output).toContain(`passing.outputs.json:${line}: found steps[0].exitCode: "zero" (`);
		expect(refused.output).toContain('hint: records are written by `npm run verify`, never by hand: restore it (git checkout -- passing.outputs.json) or record the lab again with `npm run verify -- passing.mdx --update`');
		expect(refused.output).toContain('verify: 1 record(s) cannot be read; nothing was run. Pass --update to record that lab again');
		expect(refused.output).not.toContain('starting the docker target');
		expect(await readFile(recordFile, 'utf8')).toBe(broken);
		expect(existsSync(join(dir, 'exit-code.outputs.json'))).toBe(false);

		const replaced = await runVerify(dir, ['passing.mdx', '--update']);
		expect(replaced.code, replaced.output).toBe(0);
		expect(replaced.output).toContain('verify: --update: recording that lab again; a record is replaced only when its lab passes');
		expect(LabRecordSchema.parse(JSON.parse(await readFile(recordFile, 'utf8'))).steps[0]?.exitCode).toBe(0);
	}, CLI_TEST_TIMEOUT);

	it('rejects an unknown page and a bad --jobs value with exit 2', async () => {
		const dir = await fixtureCopy();
		const missing = await runVerify(dir, ['no-such-page.mdx']);
		expect(missing.code).toBe(2);
		expect(missing.output).toContain('no such page: "no-such-page.mdx"');
		const jobs = await runVerify(dir, ['passing.mdx', '--jobs', 'many']);
		expect(jobs.code).toBe(2);
		expect(jobs.output).toContain('--jobs: expected a whole number from 1 to 16, found "many"');
	}, CLI_TEST_TIMEOUT);

	it('refuses to run a published page on the docker target, so a k3s record is never replaced', async () => {
		const [page] = await findPages(join(ROOT, 'tutorials'));
		expect(page).toMatch(/^tutorials\//);
		const r = await runVerify(ROOT, [page!]);
		expect(r.code).toBe(2);
		expect(r.output).toContain(`--target docker is for test fixtures only; ${page} is a published page and runs on k3s`);
	}, CLI_TEST_TIMEOUT);

	it('fails fast with a one-line reason when no k3s image can be had', async () => {
		const dir = await fixtureCopy();
		const started = Date.now();
		const r = await runVerify(dir, ['passing.mdx'], { LABS_K3S_IMAGE: 'rancher/k3s:v0.0.0-no-such-tag-k3s1' }, 'k3s');
		expect(r.code).toBe(1);
		expect(r.output).toMatch(/^verify: cannot run labs on k3s: the k3s image rancher\/k3s:v0\.0\.0-no-such-tag-k3s1 is not present and cannot be pulled \(.+\)$/m);
		expect(Date.now() - started).toBeLessThan(60_000);
		expect(existsSync(join(dir, 'reports'))).toBe(false);
	}, CLI_TEST_TIMEOUT);

	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		it(`removes every container it started when interrupted with ${signal} mid-lab, and exits 130`, async () => {
			const dir = await fixtureCopy();
			const runId = randomUUID();
			const child = startVerify(dir, ['slow.mdx', 'passing.mdx', '--jobs', '2'], { LABS_RUN_ID: runId });
			await child.waitFor('[slow] step 2/2 (line');
			expect(await containersWithLabel(`${RUN_ID_LABEL}=${runId}`)).not.toEqual([]);
			child.kill(signal);
			const { code } = await child.exited;
			expect(code, child.output()).toBe(130);
			expect(await containersWithLabel(`${RUN_ID_LABEL}=${runId}`)).toEqual([]);
			await new Promise((r) => setTimeout(r, 3_000)); // nothing may appear late either
			expect(await containersWithLabel(`${RUN_ID_LABEL}=${runId}`)).toEqual([]);
			expect(existsSync(join(dir, 'slow.outputs.json'))).toBe(false);
		}, CLI_TEST_TIMEOUT);
	}

	it('removes a container whose creation was under way when SIGINT came', async () => {
		const dir = await fixtureCopy();
		const runId = randomUUID();
		const child = startVerify(dir, ['slow.mdx', 'passing.mdx'], { LABS_RUN_ID: runId });
		await child.waitFor('starting the docker target');
		child.kill('SIGINT');
		const { code } = await child.exited;
		expect(code, child.output()).toBe(130);
		expect(await containersWithLabel(`${RUN_ID_LABEL}=${runId}`)).toEqual([]);
		await new Promise((r) => setTimeout(r, 3_000)); // nothing may appear late either
		expect(await containersWithLabel(`${RUN_ID_LABEL}=${runId}`)).toEqual([]);
		expect(child.output()).not.toMatch(/PASSED|failure report/);
	}, CLI_TEST_TIMEOUT);
});
