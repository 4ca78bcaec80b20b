/**
 * The target `npm run lab --cluster current` runs steps on: a local shell in a
 * private directory. Without a cluster we can still check what it owes the
 * runner: files land in the lab directory, steps share one session through
 * the runner's own step script, a timeout kills the step and its children,
 * and the private directory goes away at stop.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CurrentClusterTarget } from '../../scripts/run/current-target.ts';
import { namespaceSetup } from '../../scripts/model/namespace.ts';
import { stepScript } from '../../scripts/run/session.ts';

function target(): CurrentClusterTarget {
	const workDir = mkdtempSync(join(tmpdir(), 'lab-cli-target-'));
	// A kubeconfig path that does not exist: nothing here talks to a cluster.
	return new CurrentClusterTarget({ namespace: 'lab-cli-test', kubeconfig: join(workDir, 'no-kubeconfig'), workDir });
}

describe('CurrentClusterTarget (local shell)', () => {
	it('writes files into its lab directory and runs steps there as one session', async () => {
		const t = target();
		await t.start();
		await t.writeFiles([{ path: 'conf/echo.yaml', content: 'kind: Service\n' }]);
		expect(readFileSync(join(t.labDir, 'conf/echo.yaml'), 'utf8')).toBe('kind: Service\n');
		const session = { labDir: t.labDir, stateDir: t.stateDir };
		const first = await t.exec(stepScript('export GREETING=hi\ncd conf\necho "to stderr" >&2\ncat echo.yaml', session), 10_000);
		expect(first).toMatchObject({ exitCode: 0, output: 'to stderr\nkind: Service\n', timedOut: false });
		const second = await t.exec(stepScript('echo "$GREETING from $(basename "$PWD")"; echo "KUBECONFIG=$KUBECONFIG"', session), 10_000);
		expect(second.output).toBe(`hi from conf\nKUBECONFIG=${t.options.kubeconfig}\n`);
		const failing = await t.exec(stepScript('false\necho never', session), 10_000);
		expect(failing).toMatchObject({ exitCode: 1, output: '' });
		await t.stop();
		expect(existsSync(t.options.workDir)).toBe(false);
	});

	it('kills a step and the processes it started when its timeout passes', async () => {
		const t = target();
		await t.start();
		const marker = join(t.options.workDir, 'survived');
		const started = Date.now();
		const r = await t.exec(`(sleep 3; touch ${marker}) & sleep 30`, 500);
		expect(r).toMatchObject({ exitCode: 137, timedOut: true });
		expect(Date.now() - started).toBeLessThan(10_000);
		await new Promise((resolve) => setTimeout(resolve, 3_500));
		expect(existsSync(marker), 'the background child was killed too').toBe(false);
		await t.stop();
	});

	it('runs the same namespace set-up as every other target', () => {
		const t = target();
		expect(t.prelude()).toBe(namespaceSetup('lab-cli-test'));
		rmSync(t.options.workDir, { recursive: true, force: true });
	});

	it('refuses a file path that leaves the lab directory', async () => {
		const t = target();
		await t.start();
		await expect(t.writeFiles([{ path: '../escape.txt', content: 'x' }])).rejects.toThrow(/must stay inside the lab directory, found "\.\.\/escape\.txt"/);
		await t.stop();
	});
});
