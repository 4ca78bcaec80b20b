import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from './support/static-server.ts';

// The server every site test and the bench read the built site through: it must behave like a static host.
describe('static server for the built site', () => {
	let dir: string;
	let server: StaticServer;
	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'static-server-'));
		await mkdir(path.join(dir, 'services', 'clusterip'), { recursive: true });
		await writeFile(path.join(dir, 'index.html'), '<h1>home</h1>');
		await writeFile(path.join(dir, 'services', 'clusterip', 'index.html'), '<h1>ClusterIP</h1>');
		await writeFile(path.join(dir, 'app.js'), 'export {};');
		await writeFile(path.join(dir, 'wasm.wasm'), new Uint8Array([0, 97, 115, 109]));
		await writeFile(path.join(dir, '404.html'), '<h1>not found</h1>');
		await writeFile(path.join(dir, 'lab.tar.gz'), new Uint8Array([0x1f, 0x8b, 8, 0]));
		await writeFile(path.join(tmpdir(), 'static-server-secret.txt'), 'secret');
		server = await serveStatic(dir);
	});
	afterAll(async () => {
		await server?.close();
		await rm(dir, { recursive: true, force: true });
	});

	it('listens on loopback only', () => {
		expect(new URL(server.url).hostname).toBe('127.0.0.1');
	});

	it('serves a directory index with the HTML content type', async () => {
		const res = await fetch(`${server.url}/services/clusterip/`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(await res.text()).toBe('<h1>ClusterIP</h1>');
	});

	it('redirects a directory without its trailing slash', async () => {
		const res = await fetch(`${server.url}/services/clusterip`, { redirect: 'manual' });
		expect(res.status).toBe(301);
		expect(res.headers.get('location')).toBe('/services/clusterip/');
	});

	it('gives scripts and WebAssembly the types browsers insist on', async () => {
		expect((await fetch(`${server.url}/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
		expect((await fetch(`${server.url}/wasm.wasm`)).headers.get('content-type')).toBe('application/wasm');
	});

	it('answers 404 with the site 404 page for a missing file', async () => {
		const res = await fetch(`${server.url}/services/nope/`);
		expect(res.status).toBe(404);
		expect(await res.text()).toBe('<h1>not found</h1>');
	});

	it('never serves files outside its root', async () => {
		const res = await fetch(`${server.url}/..%2fstatic-server-secret.txt`);
		expect(res.status).not.toBe(200);
		expect(await res.text()).not.toContain('secret');
	});

	/** A raw GET (no automatic decompression), with or without `accept-encoding: gzip`. */
	const raw = (p: string, acceptGzip: boolean) =>
		new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
			get(`${server.url}${p}`, { headers: acceptGzip ? { 'accept-encoding': 'gzip, deflate, br' } : {} }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
			}).on('error', reject);
		});

	it('gzips text for clients that accept it, like a static host; never an archive, never unasked', async () => {
		const page = await raw('/services/clusterip/', true);
		expect(page.encoding).toBe('gzip');
		expect(gunzipSync(page.body).toString()).toBe('<h1>ClusterIP</h1>');
		expect((await raw('/services/clusterip/', false)).encoding).toBeUndefined();
		const archive = await raw('/lab.tar.gz', true);
		expect(archive.encoding).toBeUndefined();
		expect([...archive.body]).toEqual([0x1f, 0x8b, 8, 0]);
	});
});
