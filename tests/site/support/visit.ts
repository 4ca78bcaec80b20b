import type { BrowserContext, Page } from 'playwright-core';
import { settle } from '../../../scripts/site-harness/settle.ts';

/** A link on a page, as the browser resolved it. */
export interface PageLink {
	/** Absolute URL the browser resolved the href to. */
	href: string;
	/** The href exactly as written in the HTML. */
	raw: string;
	/** Visible text (or aria-label), to name the link in failures. */
	text: string;
}

/** What a reader's browser met while loading one page. */
export interface PageVisit {
	url: string;
	/** Status of the page's own document response. */
	status: number;
	/** console.error messages and uncaught exceptions. */
	consoleErrors: string[];
	/** Requests that failed at the network level or answered with status ≥ 400. */
	failedRequests: string[];
	/** Requests to any origin but the local server (blocked, so none leaves the machine). */
	foreignRequests: string[];
	links: PageLink[];
	/** Every id (and a[name]) in the page: the targets #anchors may point at. */
	anchors: string[];
	/** Each `<link rel="stylesheet">` href in document order (a repeated sheet costs style time on every recalc). */
	stylesheets: string[];
	/** Code blocks (Expressive Code groups) that come before the first link to a stylesheet they need, as "block N". */
	codeBeforeItsStylesheet: string[];
}

/**
 * Blocks every request of the context that is not for `allowedOrigin` (or a
 * data:/blob: URL) and reports it, so a page that pulls a font, script or image
 * from anywhere else is caught, and nothing leaves the machine.
 */
export async function guardOrigin(context: BrowserContext, allowedOrigin: string, onForeign: (url: string) => void): Promise<void> {
	await context.route('**/*', async (route) => {
		const url = route.request().url();
		if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === allowedOrigin) {
			await route.continue();
			return;
		}
		onForeign(url);
		await route.abort('blockedbyclient');
	});
}

/**
 * Loads a page as a reader would (until the network is idle, so scripts that
 * start on idle, like the search UI, have run) and records console errors,
 * failed and foreign requests, links and anchor targets. The context must have
 * gone through guardOrigin() first; foreign requests are matched to this page.
 */
export async function visitPage(context: BrowserContext, url: string, foreignLog: string[]): Promise<PageVisit> {
	const page: Page = await context.newPage();
	const consoleErrors: string[] = [];
	const failedRequests: string[] = [];
	const foreignBefore = foreignLog.length;
	page.on('console', (message) => {
		// A blocked foreign request also logs an error; it is reported as a foreign request instead.
		if (message.type() === 'error' && !message.text().includes('ERR_BLOCKED_BY_CLIENT')) {
			consoleErrors.push(`console.error: ${message.text()}`);
		}
	});
	page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
	page.on('requestfailed', (request) => {
		const reason = request.failure()?.errorText ?? 'failed';
		if (!reason.includes('BLOCKED_BY_CLIENT')) failedRequests.push(`${request.url()} (${reason})`);
	});
	page.on('response', (response) => {
		if (response.status() >= 400) failedRequests.push(`${response.url()} (HTTP ${response.status()})`);
	});
	try {
		const response = await page.goto(url, { waitUntil: 'load' });
		await settle(page);
		const { links, anchors, stylesheets, codeBeforeItsStylesheet } = await page.evaluate(() => ({
			links: [...document.querySelectorAll('a[href]')].map((a) => ({
				href: (a as HTMLAnchorElement).href,
				raw: a.getAttribute('href') ?? '',
				text: (a.textContent?.trim() || a.getAttribute('aria-label') || '').slice(0, 60),
			})),
			anchors: [
				...[...document.querySelectorAll('[id]')].map((e) => e.id),
				...[...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name') ?? ''),
			],
			stylesheets: [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => (l as HTMLLinkElement).href),
			codeBeforeItsStylesheet: [...document.querySelectorAll('.expressive-code')].flatMap((block, index) => {
				const sheet = document.querySelector('link[rel="stylesheet"][href*="/ec."]');
				const after = sheet && sheet.compareDocumentPosition(block) & Node.DOCUMENT_POSITION_FOLLOWING;
				return after || sheet?.parentElement === block ? [] : [`block ${index + 1}`];
			}),
		}));
		return {
			url,
			status: response?.status() ?? 0,
			consoleErrors,
			failedRequests,
			foreignRequests: foreignLog.slice(foreignBefore),
			links,
			anchors,
			stylesheets,
			codeBeforeItsStylesheet,
		};
	} finally {
		await page.close();
	}
}
