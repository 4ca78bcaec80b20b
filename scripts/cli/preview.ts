/**
 * `npm run preview [-- --port N] [dir]`: serves the built site (dist/ by
 * default) on http://127.0.0.1:4321 with the static server the site tests and
 * the bench use (scripts/site-harness/serve.ts), so a lab bundle downloads as
 * the `application/gzip` file it is. `astro preview` sends `*.tar.gz` with
 * `Content-Encoding: gzip` and no type, and a browser unpacks it on download.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serveSite } from '../site-harness/serve.ts';

/** Astro's own preview port, so links and habits carry over. */
const DEFAULT_PORT = 4321;

const { values, positionals } = parseArgs({ options: { port: { type: 'string' } }, allowPositionals: true });
const dir = path.resolve(positionals[0] ?? 'dist');
const port = Number(values.port ?? DEFAULT_PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`preview: --port ${values.port}: expected a port number from 0 to 65535.`);
	process.exit(2);
}
if (!existsSync(path.join(dir, 'index.html'))) {
	console.error(`preview: ${dir} holds no built site (no index.html); expected the output of \`npm run build\`. Hint: run npm run build first.`);
	process.exit(2);
}
const server = await serveSite(dir, port);
console.log(`Serving ${path.relative(process.cwd(), dir) || '.'} at ${server.url}/ (Ctrl-C to stop)`);
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
