import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a file so a reader only ever sees the old content or the new, never
 * half of it (and a crash leaves the old file byte-identical): write a temp
 * file beside it, then rename over the target.
 */
export async function writeFileAtomic(path: string, content: string, mode = 0o644): Promise<void> {
	await mkdir(dirname(path), { recursive: true });
	const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		await writeFile(temp, content, { mode });
		await rename(temp, path);
	} catch (error) {
		await rm(temp, { force: true });
		throw error;
	}
}
