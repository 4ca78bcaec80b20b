/** Where the site tier and the bench find Chromium: CHROMIUM_PATH, else Debian's package (never a downloaded browser). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
