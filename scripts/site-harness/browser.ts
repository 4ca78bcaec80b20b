import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.ts';

/** Context options a caller may set (viewport, colour scheme, permissions, …). */
export type BrowserOptions = Parameters<typeof chromium.launchPersistentContext>[1];

/** The phone the site tier and the bench look at pages with: 390 px wide, touch, a 2× screen. */
export const PHONE: BrowserOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** A browser the caller owns: its one context, and close() that also deletes the profile. */
export interface SiteBrowser {
	context: BrowserContext;
	close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless with a fresh, throwaway user-data dir, so
 * no state (cookies, theme choice in localStorage, cache) leaks between callers.
 * Always call close(): it ends the browser and removes the profile directory.
 */
export async function launchBrowser(options: BrowserOptions = {}): Promise<SiteBrowser> {
	const userDataDir = await mkdtemp(path.join(tmpdir(), 'site-chromium-'));
	let context: BrowserContext;
	try {
		context = await chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM_PATH,
			headless: true,
			args: [...CHROMIUM_FLAGS],
			viewport: { width: 1280, height: 800 },
			...options,
		});
	} catch (error) {
		await rm(userDataDir, { recursive: true, force: true });
		throw error;
	}
	return {
		context,
		close: async () => {
			await context.close().catch(() => {});
			await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
		},
	};
}
