import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, PHONE, type SiteBrowser } from '../../../scripts/site-harness/browser.ts';

/** The two browsers a suite that compares a desktop and a phone needs. */
export interface DesktopAndPhone {
	desktop: SiteBrowser;
	phone: SiteBrowser;
}

/**
 * Opens a desktop (1280 × 800) and a PHONE browser before the suite's tests and
 * closes both after them. Call it in the body of a describe; read the fields
 * inside tests, once they are open.
 */
export function desktopAndPhone(): DesktopAndPhone {
	const browsers = {} as DesktopAndPhone;
	beforeAll(async () => {
		browsers.desktop = await launchBrowser();
		browsers.phone = await launchBrowser(PHONE);
	});
	afterAll(async () => {
		await browsers.desktop?.close();
		await browsers.phone?.close();
	});
	return browsers;
}
