import { afterEach, describe, expect, it } from 'vitest';
import { ensureBusyboxImage } from '../../scripts/run/busybox-image.ts';

const saved = process.env.DOCKER_HOST;
afterEach(() => {
	if (saved === undefined) delete process.env.DOCKER_HOST;
	else process.env.DOCKER_HOST = saved;
});

describe('ensureBusyboxImage without a Docker daemon', () => {
	it('rejects with the reason instead of crashing on the broken pipe to `docker import`', async () => {
		// A socket nobody listens on: `docker image inspect` fails, then `docker import` exits at once.
		process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
		await expect(ensureBusyboxImage('labs-busybox:no-daemon-test')).rejects.toThrow(/docker|busybox/i);
	});
});
