import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { ensureBusyboxImage } from '../../scripts/run/busybox-image.ts';
import { DockerTarget } from '../../scripts/run/docker-target.ts';
import { RUN_ID } from '../../scripts/run/cleanup.ts';
import { stepScript } from '../../scripts/run/session.ts';
import { RUN_ID_LABEL } from '../../scripts/run/target.ts';
import { dockerPrereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';
import { containersWithLabel } from './verify-helpers.ts';

const exec = promisify(execFile);
const started: DockerTarget[] = [];

async function target(): Promise<DockerTarget> {
	const t = new DockerTarget();
	started.push(t);
	await t.start();
	return t;
}

describeTier('docker target', await dockerPrereq(), () => {
	beforeAll(() => ensureBusyboxImage(), 120_000);
	afterEach(async () => {
		await Promise.all(started.splice(0).map((t) => t.stop()));
	});

	it('kills a timed-out step with everything it started, even a process in its own session', async () => {
		const t = await target();
		const r = await t.exec('echo before; sleep 311 & setsid sleep 312 & sleep 313; echo after', 1_500);
		expect(r).toMatchObject({ timedOut: true, exitCode: 137 });
		expect(r.output).toBe('before\n');
		const ps = await t.exec('ps -o pid,args', 5_000);
		expect(ps.output).not.toMatch(/sleep 31[123]/);
	});

	it('writes lab files into nested directories of the lab directory', async () => {
		const t = await target();
		await t.writeFiles([{ path: 'manifests/app/echo.yaml', content: 'kind: Service\n' }]);
		const r = await t.exec(stepScript('cat manifests/app/echo.yaml', { labDir: t.labDir, stateDir: t.stateDir }), 5_000);
		expect(r.output).toBe('kind: Service\n');
	});

	it('refuses a file path that leaves the lab directory', async () => {
		const t = await target();
		await expect(t.writeFiles([{ path: '../etc/passwd', content: 'x' }])).rejects.toThrow(/inside the lab directory/);
	});

	it('keeps quotes and spaces in the saved working directory and variables', async () => {
		const t = await target();
		const paths = { labDir: t.labDir, stateDir: t.stateDir };
		await t.exec(stepScript(`export MSG="it's a \\"test\\"  twice"\nmkdir -p "dir with 'quote'" && cd "dir with 'quote'"`, paths), 5_000);
		const r = await t.exec(stepScript('printf "%s\\n" "$MSG"; pwd', paths), 5_000);
		expect(r.output).toBe(`it's a "test"  twice\n/lab/dir with 'quote'\n`);
	});

	it('removes the container when stop() comes while it is still starting', async () => {
		for (const delayMs of [0, 150, 400, 800, 1_500]) {
			const t = new DockerTarget();
			const starting = t.start();
			await new Promise((r) => setTimeout(r, delayMs));
			await t.stop();
			await starting.catch(() => undefined);
			expect(await containersWithLabel(`${RUN_ID_LABEL}=${RUN_ID}`), `stop after ${delayMs} ms`).toEqual([]);
		}
	});

	it('removes its container on stop', async () => {
		const t = await target();
		const id = t.containerId;
		await t.stop();
		await expect(exec('docker', ['inspect', id])).rejects.toThrow();
	});
});
