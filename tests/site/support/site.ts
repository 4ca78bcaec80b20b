import { describe, inject, it } from 'vitest';
import { describeTier } from '../../support/tier.ts';
import type { SitePage } from '../../../scripts/site-harness/pages.ts';

/** The built, served site as every site test file receives it. */
export interface ReadySite {
	state: 'ready';
	/** Base URL of the loopback server, no trailing slash. */
	url: string;
	/** The built site on disk. */
	distDir: string;
	/** Project root, to find page sources. */
	root: string;
	/** Every page in the sitemap. */
	pages: SitePage[];
	/** What the build printed at log level `warn` (warnings and errors); undefined for a prebuilt SITE_DIST. */
	buildLog?: string;
}

/** What the site project's globalSetup hands over: ready, skipped (no Chromium) or failed (build broke). */
export type SiteState = ReadySite | { state: 'skipped'; reason: string } | { state: 'failed'; reason: string };

declare module 'vitest' {
	export interface ProvidedContext {
		site: SiteState;
	}
}

/**
 * Declares a site-tier suite over the built site. It is SKIPPED with the reason
 * when Chromium is missing, and FAILS with the build's error when the site did
 * not build, so the tier never passes silently.
 */
export function describeSite(title: string, body: (site: ReadySite) => void): void {
	const site = inject('site');
	if (!site) {
		describe(title, () => {
			it('has a built site', () => {
				throw new Error('no site was provided: run this file in the `site` Vitest project (its globalSetup builds the site)');
			});
		});
		return;
	}
	if (site.state === 'skipped') {
		describeTier(title, { ok: false, reason: site.reason }, () => {});
		return;
	}
	if (site.state === 'failed') {
		describe(title, () => {
			it('has a built site', () => {
				throw new Error(site.reason);
			});
		});
		return;
	}
	describe(title, () => body(site));
}

/** The absolute URL of a site path (e.g. `/services/clusterip/`). */
export function urlOf(site: ReadySite, sitePath: string): string {
	return new URL(sitePath, `${site.url}/`).href;
}
