/**
 * `npm run preview` serves a lab bundle as what it is: `application/gzip`,
 * the archive's own bytes, never `Content-Encoding: gzip` (which makes a
 * browser unpack the download). Runs the package script's command on a small
 * built-site folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labBundle } from '../../scripts/bundle/lab-bundle.ts';
import { runStep, testLab } from './bundle-support.ts';

const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.preview!;

describe('npm run preview', () => {
	const dir = mkdtempSync(join(tmpdir(), 'bundle-preview-'));
	let child: ChildProcess;
	let url = '';
	let bytes: Uint8Array;

	beforeAll(async () => {
		bytes = await labBundle(testLab([runStep('true', 10)]));
		mkdirSync(join(dir, 'labs', 'services'), { recursive: true });
		writeFileSync(join(dir, 'index.html'), '<h1>home</h1>');
		writeFileSync(join(dir, 'labs', 'services', 'demo.tar.gz'), bytes);
		const [bin, ...args] = script.split(' ');
		child = spawn(`node_modules/.bin/${bin}`, [...args, '--port', '0', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
		url = await new Promise<string>((resolve, reject) => {
			let out = '';
			child.stdout!.on('data', (c: Buffer) => {
				out += c.toString();
				const found = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
				if (found) resolve(found[1]!);
			});
			child.on('exit', (code) => reject(new Error(`preview exited ${code}: ${out}`)));
		});
	}, 60_000);
	afterAll(() => {
		child?.kill('SIGTERM');
		rmSync(dir, { recursive: true, force: true });
	});

	it('serves /labs/*.tar.gz as application/gzip with the archive’s bytes, not gzip-encoded', async () => {
		const res = await new Promise<{ type?: string; encoding?: string; body: Buffer }>((resolve, reject) => {
			get(`${url}/labs/services/demo.tar.gz`, { headers: { 'accept-encoding': 'gzip, br' } }, (r) => {
				const chunks: Buffer[] = [];
				r.on('data', (c: Buffer) => chunks.push(c));
				r.on('end', () => resolve({ type: r.headers['content-type'], encoding: r.headers['content-encoding'], body: Buffer.concat(chunks) }));
			}).on('error', reject);
		});
		expect(res.type).toBe('application/gzip');
		expect(res.encoding).toBeUndefined();
		expect(res.body.equals(Buffer.from(bytes))).toBe(true);
	});
});
