import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Git-ignored folder for screenshots and other things a person looks at after a run. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../.artifacts/screenshots/', import.meta.url));

/** A file-name-safe name for a site path: `/` → `index`, `/services/clusterip/` → `services--clusterip`. */
export function pageSlug(sitePath: string): string {
	return sitePath.replace(/^\/|\/$/g, '').replaceAll('/', '--') || 'index';
}

/** Writes a file atomically (temp file + rename), so a reader never opens half a PNG. */
export async function writeAtomic(file: string, data: Uint8Array): Promise<void> {
	await mkdir(path.dirname(file), { recursive: true });
	const temp = `${file}.${process.pid}.tmp`;
	await writeFile(temp, data);
	await rename(temp, file);
}
