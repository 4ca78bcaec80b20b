import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labScript } from '../../scripts/bundle/lab-script.ts';
import type { Lab } from '../../scripts/model/lab.ts';
import { runStep, testLab } from './bundle-support.ts';

/**
 * A bundle's lab.sh for a lab on several nodes states the node count in its
 * header and, before asking anything or creating the namespace, refuses a
 * context with too few Ready nodes. The reader's kubectl is a stand-in
 * script that answers `get nodes` and logs every call.
 */
const made: string[] = [];
afterAll(() => {
	for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function labOn(nodes: number): Lab {
	const lab = testLab([runStep('echo "step ran"', 10, {}, 'step ran')]);
	return { ...lab, options: { ...lab.options, nodes } };
}

/** Runs lab.sh with LAB_YES=1 against a stand-in kubectl whose nodes have the given Ready states. */
function runScript(lab: Lab, ready: string[]) {
	const dir = mkdtempSync(join(tmpdir(), 'bundle-nodes-'));
	made.push(dir);
	writeFileSync(join(dir, 'lab.sh'), labScript(lab));
	writeFileSync(
		join(dir, 'kubectl'),
		[
			'#!/bin/sh',
			`printf '%s\\n' "$*" >> '${dir}/calls'`,
			'case "$*" in',
			'  "config current-context") echo readers-context ;;',
			`  "get nodes -o jsonpath="*) printf '${ready.map((r) => `${r}\\n`).join('')}' ;;`,
			'esac',
			'',
		].join('\n'),
		{ mode: 0o755 },
	);
	const r = spawnSync('sh', [join(dir, 'lab.sh')], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, LAB_YES: '1' }, encoding: 'utf8' });
	let calls: string[] = [];
	try {
		calls = readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean);
	} catch {
		// no kubectl call at all
	}
	return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls };
}

describe('lab.sh and lab.nodes', () => {
	it('states the node count it needs in its header', () => {
		expect(labScript(labOn(1))).toContain('# Needs:    a cluster with at least 1 Ready node (lab.nodes: 1).\n');
		expect(labScript(labOn(3))).toContain('# Needs:    a cluster with at least 3 Ready nodes (lab.nodes: 3). lab.sh checks this first.\n');
	});

	it('refuses a context with fewer Ready nodes before creating anything (exit 2)', () => {
		const r = runScript(labOn(3), ['True', 'False']);
		expect(r.status).toBe(2);
		expect(r.stderr).toContain('lab.sh: this lab needs 3 Ready nodes (lab.nodes); context readers-context has 1. Use a cluster with more nodes. Nothing done.');
		expect(r.calls.filter((c) => !c.startsWith('config current-context') && !c.startsWith('get nodes'))).toEqual([]);
		expect(r.stdout).not.toContain('step ran');
	});

	it('goes on when the context has enough Ready nodes', () => {
		const r = runScript(labOn(2), ['True', 'True']);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('step ran');
		expect(r.calls).toContain('create namespace demo-lab');
	});

	it('a one-node lab never asks for the nodes', () => {
		const r = runScript(labOn(1), []);
		expect(r.status).toBe(0);
		expect(r.calls.some((c) => c.startsWith('get nodes'))).toBe(false);
	});

	it('is valid POSIX sh with the node check in it', () => {
		const result = spawnSync('sh', ['-n'], { input: labScript(labOn(3)), encoding: 'utf8' });
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
	});
});
