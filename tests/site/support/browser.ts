import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_PATH } from '../../support/prereq.ts';

/**
 * Flags for Debian's Chromium in this sandbox: no sandbox (we are not allowed
 * one), no GPU, and nothing that phones home (QUIC, background networking,
 * component updates, sync), so the only traffic is to our loopback server.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Context options a test may set (viewport, colour scheme, permissions, …). */
export type BrowserOptions = Parameters<typeof chromium.launchPersistentContext>[1];

/** The phone every site test looks at pages with: 390 px wide, touch, a 2× screen. */
export const PHONE: BrowserOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** A browser the test owns: its one context, and close() that also deletes the profile. */
export interface TestBrowser {
	context: BrowserContext;
	close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless with a fresh, throwaway user-data dir, so
 * no state (cookies, theme choice in localStorage, cache) leaks between test
 * files. Always call close() (in afterAll): it ends the browser and removes the
 * profile directory.
 */
export async function launchBrowser(options: BrowserOptions = {}): Promise<TestBrowser> {
	const userDataDir = await mkdtemp(path.join(tmpdir(), 'site-tier-chromium-'));
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
