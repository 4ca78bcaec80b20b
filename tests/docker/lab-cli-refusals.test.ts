/**
 * What `npm run lab` refuses, before it touches anything: bad input (exit 2
 * with file, line and a hint), and `--cluster current` without confirmation.
 * No cluster and no Docker are needed: the reader's kubeconfig here points at
 * a loopback port nobody listens on, and the tests check it is never modified.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Prereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';
import { cliEnv, hasScript, plain, runCli, runCliOnTty } from './lab-cli-support.ts';

const PAGE = 'tests/fixtures/labs/passing.mdx';

const made: string[] = [];
afterAll(() => {
	for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A reader's kubeconfig with one context whose API server is a closed loopback port. */
function readerKubeconfig(): string {
	const dir = mkdtempSync(join(tmpdir(), 'lab-cli-reader-'));
	made.push(dir);
	const path = join(dir, 'config');
	writeFileSync(
		path,
		[
			'apiVersion: v1',
			'kind: Config',
			'current-context: readers-own-cluster',
			'clusters:',
			'- name: readers-cluster',
			'  cluster: { server: "https://127.0.0.1:9" }',
			'contexts:',
			'- name: readers-own-cluster',
			'  context: { cluster: readers-cluster, user: reader, namespace: default }',
			'users:',
			'- name: reader',
			'  user: { token: not-a-real-token }',
			'',
		].join('\n'),
		{ mode: 0o600 },
	);
	return path;
}

/** Private kubeconfig directories the CLI made for this lab's namespace. */
const privateDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('labs-fixture-passing-'));

const kubectl: Prereq = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0
	? { ok: true }
	: { ok: false, reason: 'kubectl is not on PATH (apt-get install kubectl); the confirmation refusal needs it to read the context' };

describe('lab CLI: bad input', () => {
	it('exits 2 with the usage for an unknown option', async () => {
		const r = await runCli([PAGE, '--clutser', 'k3s']);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('usage: npm run lab -- <page>');
	});

	it('exits 2 for a page that does not exist, saying what it expected', async () => {
		const r = await runCli(['services/no-such-page']);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('no such page: "services/no-such-page"; expected a page path such as');
	});

	it('exits 2 for a page whose record is broken, with the message verify and the site give', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'lab-cli-broken-'));
		made.push(dir);
		copyFileSync(PAGE, join(dir, 'passing.mdx'));
		writeFileSync(join(dir, 'passing.outputs.json'), readFileSync(PAGE.replace(/\.mdx$/, '.outputs.json'), 'utf8').replace('"exitCode": 0,', '"exitCode": "zero",'));
		const r = await runCli([join(dir, 'passing.mdx'), '--cluster', 'docker']);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/passing\.outputs\.json:\d+: found steps\[0\]\.exitCode: "zero" \(.*\); expected a record as `npm run verify` writes it/);
		expect(r.stderr).toContain('hint: records are written by `npm run verify`, never by hand');
		expect(r.stdout).toBe('');
	});

	it('exits 2 for an unknown --cluster', async () => {
		const r = await runCli([PAGE, '--cluster', 'kind']);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('--cluster: expected k3s or current, found "kind"');
	});

	it('exits 2 naming file and line for a page that breaks the authoring contract', async () => {
		const r = await runCli(['tests/fixtures/labs/bad/unknown-option.mdx', '--cluster', 'docker']);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/tests\/fixtures\/labs\/bad\/unknown-option\.mdx:\d+: found .*expected/);
		expect(r.stderr).toContain('hint:');
	});

	it('prints the options and exit codes with --help', async () => {
		const r = await runCli(['--help']);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/Exit codes: 0 .*1 .*2 .*130/s);
	});
});

describeTier('lab CLI: --cluster current asks first', kubectl, () => {
	it('without a terminal and without --yes: names the context, refuses with exit 2, changes nothing', async () => {
		const config = readerKubeconfig();
		const before = readFileSync(config, 'utf8');
		const dirsBefore = privateDirs();
		const r = await runCli([PAGE, '--cluster', 'current'], { env: cliEnv({ KUBECONFIG: config }) });
		expect(r.code).toBe(2);
		expect(r.stdout).toContain('Your current kubectl context is readers-own-cluster (cluster readers-cluster, https://127.0.0.1:9).');
		expect(r.stdout).toContain('The lab creates namespace fixture-passing there');
		expect(r.stderr).toContain('refusing to use your cluster without confirmation');
		expect(r.stderr).toContain('--yes');
		expect(readFileSync(config, 'utf8')).toBe(before);
		expect(privateDirs()).toEqual(dirsBefore);
	});

	it.skipIf(!hasScript())('on a terminal, answering no (or just Enter) does nothing', async () => {
		const config = readerKubeconfig();
		const before = readFileSync(config, 'utf8');
		for (const answer of ['n', '']) {
			const r = await runCliOnTty([PAGE, '--cluster', 'current'], /Use context readers-own-cluster\? \[y\/N\]/, [answer], cliEnv({ KUBECONFIG: config }));
			expect(r.code).toBe(2);
			expect(plain(r.stdout)).toContain('Nothing done.');
		}
		expect(readFileSync(config, 'utf8')).toBe(before);
	});

	it('with --yes it goes on, works on a private copy, and gives up cleanly when the cluster does not answer', async () => {
		const config = readerKubeconfig();
		const before = readFileSync(config, 'utf8');
		const dirsBefore = privateDirs();
		const r = await runCli([PAGE, '--cluster', 'current', '--yes'], { env: cliEnv({ KUBECONFIG: config }) });
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('cannot reach the cluster of your current context');
		expect(r.stderr).toContain('Nothing done.');
		expect(readFileSync(config, 'utf8')).toBe(before);
		expect(privateDirs(), 'the private copy is removed').toEqual(dirsBefore);
	});
});
