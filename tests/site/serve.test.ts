import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite, type SiteServer } from '../../scripts/site-harness/serve.ts';

/** The archive's first bytes: a gzip header, as in every lab bundle. */
const GZIP_HEADER = [0x1f, 0x8b, 8, 0];
/** Long enough for the server to compress (it leaves bodies under 1 kB alone). */
const PAGE = `<h1>ClusterIP</h1>${'<p>A Service gives pods one stable address.</p>'.repeat(40)}`;

// The server every site test and the bench read the built site through: it must behave like a static host.
describe('the site server (scripts/site-harness/serve.ts)', () => {
	let dir: string;
	let server: SiteServer;
	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'site-server-'));
		await mkdir(path.join(dir, 'services', 'clusterip'), { recursive: true });
		await mkdir(path.join(dir, 'labs', 'services'), { recursive: true });
		await writeFile(path.join(dir, 'services', 'clusterip', 'index.html'), PAGE);
		await writeFile(path.join(dir, 'app.js'), 'export {};');
		await writeFile(path.join(dir, 'wasm.wasm'), new Uint8Array([0, 97, 115, 109]));
		await writeFile(path.join(dir, '404.html'), '<h1>not found</h1>');
		await writeFile(path.join(dir, 'labs', 'services', 'clusterip.tar.gz'), new Uint8Array(GZIP_HEADER));
		await writeFile(path.join(tmpdir(), 'site-server-secret.txt'), 'secret');
		server = await serveSite(dir);
	});
	afterAll(async () => {
		await server?.close();
		await rm(dir, { recursive: true, force: true });
	});

	/** A raw GET (no automatic decompression), with or without `accept-encoding: gzip`. */
	const raw = (p: string, acceptGzip: boolean) =>
		new Promise<{ status?: number; type?: string; encoding?: string; body: Buffer }>((resolve, reject) => {
			get(`${server.url}${p}`, { headers: acceptGzip ? { 'accept-encoding': 'gzip' } : {} }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
			}).on('error', reject);
		});

	it('listens on loopback only', () => {
		expect(new URL(server.url).hostname).toBe('127.0.0.1');
	});

	it('serves a directory index as HTML, and redirects a directory without its trailing slash', async () => {
		const res = await fetch(`${server.url}/services/clusterip/`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8$/i);
		expect(await res.text()).toBe(PAGE);
		const bare = await fetch(`${server.url}/services/clusterip`, { redirect: 'manual' });
		expect(bare.status).toBe(301);
		expect(bare.headers.get('location')).toBe('/services/clusterip/');
	});

	it('gives scripts and WebAssembly the types browsers insist on', async () => {
		expect((await fetch(`${server.url}/app.js`)).headers.get('content-type')).toMatch(/^(text|application)\/javascript\b/);
		expect((await fetch(`${server.url}/wasm.wasm`)).headers.get('content-type')).toBe('application/wasm');
	});

	it('serves a lab bundle as application/gzip, byte for byte, never gzip-encoded again', async () => {
		const bundle = await raw('/labs/services/clusterip.tar.gz', true);
		expect(bundle.status).toBe(200);
		expect(bundle.type).toBe('application/gzip');
		expect(bundle.encoding, 'content-encoding (a browser would unpack the download)').toBeUndefined();
		expect([...bundle.body]).toEqual(GZIP_HEADER);
	});

	it('gzips pages for clients that accept it, like a static host, and never unasked', async () => {
		const page = await raw('/services/clusterip/', true);
		expect(page.encoding).toBe('gzip');
		expect(gunzipSync(page.body).toString()).toBe(PAGE);
		expect((await raw('/services/clusterip/', false)).encoding).toBeUndefined();
	});

	it('answers 404 with the site 404 page for a missing file, and never serves files outside its root', async () => {
		const missing = await fetch(`${server.url}/services/nope/`);
		expect(missing.status).toBe(404);
		expect(await missing.text()).toBe('<h1>not found</h1>');
		const outside = await fetch(`${server.url}/..%2fsite-server-secret.txt`);
		expect(outside.status).not.toBe(200);
		expect(await outside.text()).not.toContain('secret');
	});
});
