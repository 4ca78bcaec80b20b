/**
 * Packs a lab into the tar.gz a reader downloads from its page: one folder named
 * after the page holding the lab's files (byte for byte as the page's file
 * blocks) and the generated lab.sh. Reproducible: fixed modes and times, so the
 * same page always gives the same bytes.
 */
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { Lab } from '../model/lab.ts';
import { labScript } from './lab-script.ts';
import { bundleFolder } from '../model/pages.ts';

/** One entry of a bundle before packing. */
export interface BundleEntry {
	/** Path inside the archive, POSIX separators, starting with the bundle folder. */
	name: string;
	content: string;
	/** Unix permission bits. */
	mode: number;
}

/**
 * Time stamped on every entry: SOURCE_DATE_EPOCH when the build sets it (the
 * reproducible-builds convention), else a fixed date, never "now".
 */
export function bundleTime(env: NodeJS.ProcessEnv = process.env): Date {
	const epoch = Number(env.SOURCE_DATE_EPOCH);
	return Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : new Date('2026-01-01T00:00:00Z');
}

/** Why a file path cannot go into a bundle, or undefined when it can. */
function unsafePath(path: string): string | undefined {
	if (path.startsWith('/')) return 'it is absolute';
	if (path.split('/').some((part) => part === '..')) return 'it climbs out with ..';
	if (path === 'lab.sh') return 'lab.sh is the generated script';
	return undefined;
}

/** The entries of a lab's bundle: lab.sh (executable) first, then the files in page order. */
export function bundleEntries(lab: Lab): BundleEntry[] {
	const folder = bundleFolder(lab.file);
	const entries: BundleEntry[] = [{ name: `${folder}/lab.sh`, content: labScript(lab), mode: 0o755 }];
	for (const step of lab.steps) {
		if (step.kind !== 'file') continue;
		const problem = unsafePath(step.path);
		if (problem) {
			throw new Error(
				`${step.position.file}:${step.position.line}: file=${step.path} cannot go into the lab bundle because ${problem}; expected a relative path inside the lab directory. Hint: use a plain name such as file=echo.yaml.`,
			);
		}
		entries.push({ name: `${folder}/${step.path}`, content: step.content, mode: 0o644 });
	}
	return entries;
}

/** Pack entries into a gzipped tar (ustar). Directories are implied by the paths, as tar extracts them. */
export async function packEntries(entries: BundleEntry[], mtime = bundleTime()): Promise<Uint8Array<ArrayBuffer>> {
	const tarball = pack();
	const chunks: Buffer[] = [];
	tarball.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
	const done = new Promise<void>((resolve, reject) => {
		tarball.on('end', resolve);
		tarball.on('error', reject);
	});
	const folders = new Set<string>();
	for (const entry of entries) {
		const parts = entry.name.split('/');
		for (let i = 1; i < parts.length; i++) {
			const folder = parts.slice(0, i).join('/');
			if (folders.has(folder)) continue;
			folders.add(folder);
			tarball.entry({ name: `${folder}/`, type: 'directory', mode: 0o755, mtime, uname: 'lab', gname: 'lab' });
		}
		tarball.entry({ name: entry.name, mode: entry.mode, mtime, uname: 'lab', gname: 'lab' }, entry.content);
	}
	tarball.finalize();
	await done;
	const gz = gzipSync(Buffer.concat(chunks), { level: 9 });
	// A copy over a plain ArrayBuffer, as Response and Blob bodies require.
	return new Uint8Array(gz.buffer.slice(gz.byteOffset, gz.byteOffset + gz.byteLength) as ArrayBuffer);
}

/** The downloadable tar.gz of a lab: its folder with lab.sh and the lab's files. */
export async function labBundle(lab: Lab, mtime = bundleTime()): Promise<Uint8Array<ArrayBuffer>> {
	return packEntries(bundleEntries(lab), mtime);
}
