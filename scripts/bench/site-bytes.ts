import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../site-harness/browser.ts';
import { settle } from '../site-harness/settle.ts';

/** Raw and gzip-compressed byte counts of some resources. */
export interface Bytes {
	raw: number;
	gzip: number;
}

/** What one page makes a reader download before they touch anything. */
export interface PageBytes {
	path: string;
	html: Bytes;
	css: Bytes;
	/** Scripts fetched without interaction (module graph and idle-time loads such as the search UI). */
	js: Bytes;
	/** Everything else fetched eagerly (images, fonts, search index parts). */
	other: Bytes;
}

/** The per-page figures plus the site's total eager JavaScript (each distinct script counted once). */
export interface SiteBytes {
	pages: PageBytes[];
	totalJs: Bytes & { files: number };
}

const ZERO = (): Bytes => ({ raw: 0, gzip: 0 });

function add(into: Bytes, body: Buffer): void {
	into.raw += body.length;
	into.gzip += gzipSync(body).length;
}

/**
 * Measures what each page costs a reader by loading it in Chromium, as a
 * reader would, until the network is idle, and sizing every response by type
 * (document, stylesheet, script, other), each URL once. Inline CSS and JS are part of the HTML
 * figure. gzip is Node's zlib at its default level, what a typical static host
 * serves. Only `baseUrl`'s origin is fetched.
 */
export async function measureSiteBytes(baseUrl: string, paths: readonly string[]): Promise<SiteBytes> {
	const browser = await launchBrowser();
	const origin = new URL(baseUrl).origin;
	await browser.context.route('**/*', (route) =>
		new URL(route.request().url()).origin === origin ? route.continue() : route.abort('blockedbyclient'),
	);
	const scripts = new Map<string, Buffer>();
	const pages: PageBytes[] = [];
	try {
		for (const sitePath of paths) {
			const page = await browser.context.newPage();
			const figures: PageBytes = { path: sitePath, html: ZERO(), css: ZERO(), js: ZERO(), other: ZERO() };
			const pending: Promise<void>[] = [];
			// A file referenced twice is downloaded once.
			const seen = new Set<string>();
			page.on('response', (response) => {
				if (response.status() !== 200 || seen.has(response.url())) return;
				seen.add(response.url());
				const type = response.request().resourceType();
				pending.push(
					response
						.body()
						.then((body) => {
							if (type === 'document') add(figures.html, body);
							else if (type === 'stylesheet') add(figures.css, body);
							else if (type === 'script') {
								add(figures.js, body);
								scripts.set(response.url(), body);
							} else add(figures.other, body);
						})
						.catch(() => {}),
				);
			});
			await page.goto(new URL(sitePath, baseUrl).href, { waitUntil: 'load' });
			await settle(page);
			await Promise.all(pending);
			await page.close();
			pages.push(figures);
		}
	} finally {
		await browser.close();
	}
	const totalJs = { ...ZERO(), files: scripts.size };
	for (const body of scripts.values()) add(totalJs, body);
	return { pages, totalJs };
}
