import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** Where one `astro build` reads its project and writes its results. */
export interface SiteBuildOptions {
	/** Project root holding astro.config.mjs (the repository, a bench copy of it, or a fixture site). */
	root: string;
	/** Output directory for the built site. */
	outDir: string;
	/**
	 * Astro's cache directory. Each build gets its own, so two builds running at the
	 * same time (other engineers, other test runs) never share a data store, and a
	 * build is a cold build (the cache is emptied first).
	 */
	cacheDir: string;
}

/** What a finished build reports. */
export interface SiteBuildResult {
	/** Wall-clock time of the child process, in milliseconds. */
	ms: number;
	/** Combined stdout+stderr of the build: Astro's warnings and errors (log level `warn`), empty for a quiet build. */
	log: string;
}

/**
 * Environment for every build: Astro's telemetry would try to reach the
 * internet, and a NODE_ENV inherited from a test runner (Vitest sets `test`)
 * makes Vite build with `import.meta.env.DEV` true, which among other things
 * replaces Starlight's search with its "only in production builds" notice.
 */
const BUILD_ENV = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', NODE_ENV: 'production' };

/** The child's program: Astro's own programmatic `build()` with our inline overrides. */
const BUILD_PROGRAM = `
import { build } from 'astro';
const options = JSON.parse(process.env.SITE_BUILD_OPTIONS);
await build({ root: options.root, outDir: options.outDir, cacheDir: options.cacheDir, logLevel: 'warn' });
`;

/**
 * The part of a failed build's log a reader needs: from the first error on,
 * without stack frames, at most 30 lines (the whole log is often hundreds).
 */
export function buildErrorExcerpt(log: string): string {
	const lines = log.split('\n').filter((l) => !/^\s+at /.test(l));
	const first = lines.findIndex((l) => /\[ERROR\]|error/i.test(l));
	return lines
		.slice(first < 0 ? Math.max(0, lines.length - 30) : first)
		.slice(0, 30)
		.join('\n')
		.trim();
}

/**
 * Builds an Astro project in a child Node process, into its own output and cache
 * directories. A child process keeps the build's Vite out of the caller's
 * (Vitest's) module graph and gives the bench an honest wall-clock time.
 */
export async function buildSite(options: SiteBuildOptions): Promise<SiteBuildResult> {
	const root = path.resolve(options.root);
	const outDir = path.resolve(root, options.outDir);
	const cacheDir = path.resolve(root, options.cacheDir);
	await rm(cacheDir, { recursive: true, force: true });
	await rm(outDir, { recursive: true, force: true });
	await mkdir(cacheDir, { recursive: true });
	const started = performance.now();
	const chunks: string[] = [];
	const code = await new Promise<number | null>((resolve, reject) => {
		const child = spawn(process.execPath, ['--input-type=module', '-e', BUILD_PROGRAM], {
			cwd: root,
			env: { ...BUILD_ENV, SITE_BUILD_OPTIONS: JSON.stringify({ root, outDir, cacheDir }) },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout.on('data', (d: Buffer) => chunks.push(d.toString()));
		child.stderr.on('data', (d: Buffer) => chunks.push(d.toString()));
		child.on('error', reject);
		child.on('close', resolve);
	});
	const ms = performance.now() - started;
	const log = chunks.join('');
	if (code !== 0) {
		const tail = buildErrorExcerpt(log);
		throw new Error(
			`astro build of ${root} failed (exit ${code}) after ${(ms / 1000).toFixed(1)} s.\n${tail}\n` +
				'Hint: run `npx astro build` in that directory to see the whole log.',
		);
	}
	return { ms, log };
}
