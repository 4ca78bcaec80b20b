import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createGzip } from 'node:zlib';

/** Content types of what an Astro + Starlight + Pagefind build emits; anything else is served as bytes. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
	'.html': 'text/html; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.xml': 'application/xml; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.avif': 'image/avif',
	'.ico': 'image/x-icon',
	'.woff': 'font/woff',
	'.woff2': 'font/woff2',
	'.wasm': 'application/wasm',
	'.zip': 'application/zip',
	'.gz': 'application/gzip',
	'.tgz': 'application/gzip',
};

/** A running static server; close() stops it and waits for open connections to end. */
export interface StaticServer {
	/** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
	url: string;
	close(): Promise<void>;
}

async function fileAt(p: string): Promise<string | undefined> {
	try {
		return (await stat(p)).isFile() ? p : undefined;
	} catch {
		return undefined;
	}
}

async function isDirectory(p: string): Promise<boolean> {
	try {
		return (await stat(p)).isDirectory();
	} catch {
		return false;
	}
}

/** Types a static host compresses (text); archives, images and fonts are already compressed. */
const COMPRESSIBLE = /^(text\/|application\/(json|xml)|image\/svg\+xml)/;

function send(res: ServerResponse, req: IncomingMessage, status: number, file: string): void {
	const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
	// Like any static host, gzip text for clients that accept it: page weight and Lighthouse's
	// simulated slow network then see what readers get.
	const gzip = COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
	res.writeHead(status, {
		'content-type': type,
		'cache-control': 'no-store',
		vary: 'accept-encoding',
		...(gzip ? { 'content-encoding': 'gzip' } : {}),
	});
	if (req.method === 'HEAD') res.end();
	else if (gzip) createReadStream(file).pipe(createGzip()).pipe(res);
	else createReadStream(file).pipe(res);
}

/**
 * Serves a built site the way a static host does, so the browser tests see what
 * readers will: `/dir/` serves `dir/index.html`, `/dir` redirects to `/dir/`, a
 * missing file gets status 404 (with the site's 404.html when there is one), text
 * is gzipped for clients that accept it, and nothing outside the root is ever served. Listens on a random loopback port only.
 */
export async function serveStatic(root: string): Promise<StaticServer> {
	const base = path.resolve(root);
	const notFoundPage = path.join(base, '404.html');
	const server = createServer((req, res) => {
		void (async () => {
			if (req.method !== 'GET' && req.method !== 'HEAD') {
				res.writeHead(405, { allow: 'GET, HEAD' }).end();
				return;
			}
			let pathname: string;
			try {
				pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
			} catch {
				res.writeHead(400).end();
				return;
			}
			const target = path.join(base, pathname);
			if (target !== base && !target.startsWith(base + path.sep)) {
				res.writeHead(403).end();
				return;
			}
			const file = pathname.endsWith('/') ? await fileAt(path.join(target, 'index.html')) : await fileAt(target);
			if (file) return send(res, req, 200, file);
			if (!pathname.endsWith('/') && (await isDirectory(target))) {
				res.writeHead(301, { location: `${pathname}/` }).end();
				return;
			}
			if (await fileAt(notFoundPage)) return send(res, req, 404, notFoundPage);
			res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
		})().catch((error: unknown) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
			res.end(String(error));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}
