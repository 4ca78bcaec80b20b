import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildSite } from '../../../scripts/site-harness/build.ts';
import { sitePages } from '../../../scripts/site-harness/pages.ts';
import { serveSite } from '../../../scripts/site-harness/serve.ts';
import { chromiumPrereq } from '../../support/prereq.ts';
import type { SiteState } from './site.ts';

/** The project root (this file is tests/site/support/global-setup.ts). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the site tier builds: private to it, so it never races someone's `npm run build` into dist/. */
export const SITE_TEST_DIR = path.join(ROOT, '.artifacts', 'site-test');

/**
 * Vitest globalSetup of the site project: runs once per test run, whatever the
 * number of site test files. It builds the site (or takes the prebuilt one named
 * by SITE_DIST, for quick re-runs), serves it on a random loopback port and hands every test file
 * the URL, page list and build log through `inject('site')`. A missing Chromium or a failed
 * build is handed on as a state, so the tier reports SKIPPED or FAILED with the
 * reason instead of aborting the other tiers.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
	const provide = (state: SiteState) => project.provide('site', state);
	const prereq = await chromiumPrereq();
	if (!prereq.ok) {
		provide({ state: 'skipped', reason: prereq.reason });
		return undefined;
	}
	let distDir: string;
	let root = ROOT;
	let buildLog: string | undefined;
	try {
		if (process.env.SITE_DIST) {
			distDir = path.resolve(ROOT, process.env.SITE_DIST);
			// A prebuilt copy of the project (dist inside it) has its own page sources; compare against those.
			if (existsSync(path.join(distDir, '..', 'tutorials'))) root = path.dirname(distDir);
		} else {
			distDir = path.join(SITE_TEST_DIR, 'dist');
			({ log: buildLog } = await buildSite({ root: ROOT, outDir: distDir, cacheDir: path.join(SITE_TEST_DIR, 'cache') }));
		}
		const pages = await sitePages(distDir, root);
		const server = await serveSite(distDir);
		provide({ state: 'ready', url: server.url, distDir, root, pages, buildLog });
		return () => server.close();
	} catch (error) {
		provide({ state: 'failed', reason: (error as Error).message });
		return undefined;
	}
}
