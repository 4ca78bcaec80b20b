import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import compression from 'compression';
import serveStatic from 'serve-static';

/** A running server of a built site; close() stops it and drops open connections. */
export interface SiteServer {
	/** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
	url: string;
	close(): Promise<void>;
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Serves a built site (Astro's dist/) on a loopback port (random unless given) the way a
 * static host does, with Express's serve-static and compression: `/dir/` serves
 * `dir/index.html`, `/dir` redirects to `/dir/`, text is gzipped for clients
 * that accept it (so Lighthouse's simulated network sees what readers download),
 * a lab bundle is `application/gzip` as it is, and a missing file gets status
 * 404 with the site's 404.html. (`astro preview` sends `*.tar.gz` as a
 * gzip-encoded file of no type, which a browser unpacks on download.)
 */
export async function serveSite(dir: string, port = 0): Promise<SiteServer> {
	// compression's types are written for Express; it handles Node's own request and response.
	const gzip = compression() as unknown as Middleware;
	const files = serveStatic(dir);
	const notFound = path.join(dir, '404.html');
	const server = createServer((req, res) =>
		gzip(req, res, () =>
			files(req, res, () => {
				res.statusCode = 404;
				if (!existsSync(notFound)) return res.end('Not found');
				res.setHeader('content-type', 'text/html; charset=utf-8');
				createReadStream(notFound).pipe(res);
			}),
		),
	);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}
