import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, copyFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Tag of the docker tier's image: built here from Debian's busybox-static, never pulled. */
export const BUSYBOX_IMAGE = 'labs-busybox:local';

/** Where Debian's busybox-static puts its static binary. */
export const BUSYBOX_BINARY = '/bin/busybox';

/**
 * Makes sure the docker tier's image exists, building it once with `docker
 * import` from a root filesystem of busybox-static and its applet links. No
 * registry is involved, so it works where nothing can be pulled.
 * Idempotent: an existing image is kept.
 */
export async function ensureBusyboxImage(tag = BUSYBOX_IMAGE): Promise<string> {
	if (await imageExists(tag)) return tag;
	if (!existsSync(BUSYBOX_BINARY)) {
		throw new Error(`cannot build ${tag}: ${BUSYBOX_BINARY} is missing (apt-get install busybox-static)`);
	}
	const root = await mkdtemp(join(tmpdir(), 'labs-busybox-'));
	try {
		for (const dir of ['bin', 'etc', 'tmp', 'root', 'proc', 'sys', 'dev', 'lab']) await mkdir(join(root, dir));
		await copyFile(BUSYBOX_BINARY, join(root, 'bin/busybox'));
		const { stdout } = await run(BUSYBOX_BINARY, ['--list']);
		for (const applet of stdout.split('\n').map((l) => l.trim())) {
			if (applet && applet !== 'busybox') await symlink('busybox', join(root, 'bin', applet));
		}
		await writeFile(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
		await writeFile(join(root, 'etc/group'), 'root:x:0:\n');
		await importRootfs(root, tag);
	} finally {
		await rm(root, { recursive: true, force: true });
	}
	return tag;
}

async function imageExists(tag: string): Promise<boolean> {
	try {
		await run('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], { timeout: 15_000 });
		return true;
	} catch {
		return false;
	}
}

/** `tar -c root | docker import` with an entrypoint, since an imported image has no command of its own. */
function importRootfs(root: string, tag: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
		const imp = spawn(
			'docker',
			['import', '--change', 'ENV PATH=/bin', '--change', 'ENTRYPOINT ["/bin/sh", "-c"]', '--change', 'WORKDIR /', '-', tag],
			{ stdio: ['pipe', 'ignore', 'pipe'] },
		);
		let stderr = '';
		imp.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		tar.stdout.pipe(imp.stdin);
		// A docker that exits early (no daemon) closes its stdin under tar: the exit code and
		// stderr below say why, so the broken pipe itself must not crash the process.
		imp.stdin.on('error', () => undefined);
		tar.on('error', reject);
		imp.on('error', reject);
		imp.on('close', (code) => {
			if (code === 0) resolve();
			else reject(new Error(`docker import of ${tag} failed (exit ${code}): ${stderr.trim()}`));
		});
	});
}
