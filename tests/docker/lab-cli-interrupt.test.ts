/**
 * Ctrl-C during `npm run lab`: the CLI removes everything it started and
 * exits 130 only once that is done, with no verdict about a run it cut short.
 * Shown on the hidden docker target (one busybox container, no Kubernetes);
 * the k3s target's own clean-up on interrupt, all nodes and the network, is
 * tested in k3s-orchestration-signals.test.ts.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { ensureBusyboxImage } from '../../scripts/run/busybox-image.ts';
import { dockerPrereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';
import { leftovers } from './k3s-standin-support.ts';
import { cliEnv } from './lab-cli-support.ts';

describeTier('lab CLI: interrupted', await dockerPrereq(), () => {
	beforeAll(() => ensureBusyboxImage(), 120_000);

	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		it(`${signal} in the middle of a step removes the container and exits 130`, async () => {
			const runId = randomUUID();
			const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cli/lab.ts', 'tests/fixtures/labs/slow.mdx', '--cluster', 'docker'], {
				env: cliEnv({ LABS_RUN_ID: runId }),
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let output = '';
			const sleeping = new Promise<void>((resolve) => {
				const onData = (chunk: Buffer) => {
					output += chunk.toString();
					if (output.includes('$ sleep 240')) resolve();
				};
				child.stdout.on('data', onData);
				child.stderr.on('data', onData);
			});
			const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
			await sleeping;
			expect((await leftovers(runId)).containers).toHaveLength(1);
			child.kill(signal);
			expect(await exited, output).toBe(130);
			expect(output).toContain(`${signal}: stopping 1 lab target(s)`);
			expect(output).not.toMatch(/did not match|All \d+ steps/);
			expect(await leftovers(runId)).toEqual({ containers: [], networks: [] });
		}, 240_000);
	}
});
