import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../scripts/site-harness/build.ts';
import { LabRecordSchema, type LabRecord } from '../../scripts/model/record.ts';
import { chromiumPrereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';
import { readLab } from '../../scripts/extract/index.ts';
import { expectCopiesMatchLab, walkCopies } from './support/copy-walk.ts';
import { createFixtureSite, FIXTURE_RECORD, FIXTURE_SLUGS, ROOT } from './render-site.ts';
import { launchBrowser, type SiteBrowser } from '../../scripts/site-harness/browser.ts';
import { serveSite, type SiteServer } from '../../scripts/site-harness/serve.ts';

/** Where the fixture site is built; screenshots land in SHOTS for people to look at. */
const WORK = path.join(ROOT, '.artifacts', 'render-site');
const SHOTS = path.join(ROOT, '.artifacts', 'render-shots');

/** Runs `astro build` in the fixture project with extra environment; resolves with its exit code and log. */
function astroBuild(cwd: string, env: Record<string, string>): Promise<{ code: number | null; log: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', 'dist-strict'], {
			cwd,
			env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let log = '';
		child.stdout.on('data', (d: Buffer) => (log += d.toString()));
		child.stderr.on('data', (d: Buffer) => (log += d.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, log }));
	});
}

describeTier('site rendering of lab outputs (fixture site)', await chromiumPrereq(), () => {
	let server: SiteServer;
	let browser: SiteBrowser;
	let record: LabRecord;
	const project = path.join(WORK, 'project');

	beforeAll(async () => {
		record = LabRecordSchema.parse(JSON.parse(await readFile(FIXTURE_RECORD, 'utf8')));
		const { withRecord } = await createFixtureSite(project);
		if (!withRecord) throw new Error(`${FIXTURE_RECORD} is missing; record it with \`npm run fixtures:render\` (docker tier)`);
		await buildSite({ root: project, outDir: path.join(project, 'dist'), cacheDir: path.join(WORK, 'cache') });
		server = await serveSite(path.join(project, 'dist'));
		browser = await launchBrowser();
		await mkdir(SHOTS, { recursive: true });
	}, 300_000);
	afterAll(async () => {
		await browser?.close();
		await server?.close();
	});

	async function open(slug: string, options: { colorScheme?: 'light' | 'dark'; width?: number } = {}): Promise<Page> {
		const page = await browser.context.newPage();
		await page.setViewportSize({ width: options.width ?? 1280, height: 900 });
		await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
		await page.goto(`${server.url}/${slug}/`);
		return page;
	}
	const badge = (page: Page, step: number) => page.locator(`#step-${step} .lab-output__label`).innerText();
	const day = () => record.recordedAt.slice(0, 10);

	it('fresh page: the summary and each badge name the docker run, and the real output is shown', async () => {
		const page = await open(FIXTURE_SLUGS.fresh);
		await expect(page.locator('.lab-summary__verdict').innerText()).resolves.toBe(
			`5 of 5 steps recorded on docker (labs-busybox), ${day()}; not yet verified on a live k3s cluster`,
		);
		await expect(badge(page, 1)).resolves.toBe(`Recorded · docker (labs-busybox) · ${day()}`);
		await expect(badge(page, 3)).resolves.toBe(`Recorded · docker (labs-busybox) · ${day()} · exit 3`);
		await expect(page.locator('#step-2 .lab-output__body').innerText()).resolves.toBe(record.steps[1]!.output.replace(/\n$/, ''));
		await expect(page.getByRole('figure', { name: `Output of step 1: Recorded · docker (labs-busybox) · ${day()}`, exact: true }).count()).resolves.toBe(1);
		await expect(page.locator('.lab-output, .lab-summary', { hasText: /Verified/ }).count()).resolves.toBe(0);
		await expect(page.locator('.lab-summary a[href="/labs/services/fresh.tar.gz"]').count()).resolves.toBe(1);
		await expect(page.locator('.lab-summary pre').innerText()).resolves.toContain('export NS=render-fixture');
		await page.close();
	});

	it('stale page: says stale, shows the expectation, never the stale output', async () => {
		const page = await open(FIXTURE_SLUGS.stale);
		await expect(badge(page, 1)).resolves.toMatch(/^Recorded · docker/);
		await expect(badge(page, 2)).resolves.toBe('Stale · no expected output');
		await expect(page.locator('#step-2').innerText()).resolves.not.toContain(record.steps[1]!.output.trim());
		await expect(badge(page, 4)).resolves.toBe('Stale · expected output shown');
		await expect(page.locator('#step-4 .lab-output__body').innerText()).resolves.toBe('same');
		await expect(page.locator('.lab-summary__verdict').innerText()).resolves.toMatch(/^1 of 5 steps recorded .*the other 4 show expected outputs \(4 stale\)/);
		await page.close();
	});

	it('unverified page: expected outputs under their own label; no expect block is rendered twice', async () => {
		const page = await open(FIXTURE_SLUGS.unverified);
		await expect(page.locator('.lab-summary__verdict').innerText()).resolves.toBe('Not yet verified on a live cluster: the outputs shown are the expected ones');
		await expect(badge(page, 1)).resolves.toBe('Expected output · not yet verified on a cluster');
		await expect(page.locator('#step-1 .lab-output__body').innerText()).resolves.toBe('  greeting: hello');
		await expect(page.locator('.lab-expect-source').count()).resolves.toBe(4);
		await expect(page.locator('.lab-expect-source').first().isVisible()).resolves.toBe(false);
		// The expectation of step 3 is on the page once: in its panel, not again as a code block.
		await expect(page.locator('.sl-markdown-content pre:visible').filter({ hasText: /^about to fail$/ }).count()).resolves.toBe(1);
		await page.close();
	});

	it('the copy button copies exactly the command the runner ran (the record\'s command), comment included', async () => {
		await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
		const page = await open(FIXTURE_SLUGS.fresh);
		for (const step of [2, 3]) {
			const frame = page.locator(`.lab-step[data-step="${step}"] figure.frame`);
			await frame.hover();
			await frame.locator('.copy button').click();
			const copied = await page.evaluate(() => navigator.clipboard.readText());
			expect(copied).toBe(record.steps[step - 1]!.command);
		}
		await page.close();
	});

	it('a follower who copies every block of the fresh page in order gets exactly its lab: set-up, the file as a here-document, the steps, the clean-up', async () => {
		await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
		const page = await open(FIXTURE_SLUGS.fresh);
		const lab = (await readLab(path.join(project, 'tutorials/services/fresh.mdx')))!;
		const clicked = await walkCopies(page);
		expect(clicked.map((c) => c.block)).toEqual(['setup', 'file', 'step', 'step', 'step', 'step', 'step', 'cleanup']);
		expectCopiesMatchLab(FIXTURE_SLUGS.fresh, lab, clicked);
		await page.close();
	});

	it('a quoted step (StepOutput) carries the same label and links to the step', async () => {
		const page = await open(FIXTURE_SLUGS.quote);
		const quote = page.locator('.step-quote figure.lab-output');
		await expect(quote.locator('.lab-output__label').innerText()).resolves.toBe(`Recorded · docker (labs-busybox) · ${day()} · exit 3`);
		await quote.locator('a.lab-output__source').click();
		await page.waitForURL(/\/services\/fresh\/#step-3$/);
		await expect(page.locator('#step-3').isVisible()).resolves.toBe(true);
		await page.close();
	});

	it.each(['light', 'dark'] as const)('panels and summary have no axe violations in the %s theme (contrast included)', async (scheme) => {
		for (const slug of [FIXTURE_SLUGS.fresh, FIXTURE_SLUGS.stale, FIXTURE_SLUGS.unverified]) {
			const page = await open(slug, { colorScheme: scheme });
			const results = await new AxeBuilder({ page }).include('.lab-output').include('.lab-summary').analyze();
			expect(results.violations.map((v) => `${slug} ${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
			await page.close();
		}
	});

	it('screenshots every state in light, dark and at phone width (in .artifacts/render-shots for review)', async () => {
		for (const [state, slug] of Object.entries({ fresh: FIXTURE_SLUGS.fresh, stale: FIXTURE_SLUGS.stale, unverified: FIXTURE_SLUGS.unverified })) {
			for (const scheme of ['light', 'dark'] as const) {
				for (const width of [1280, 390]) {
					const page = await open(slug, { colorScheme: scheme, width });
					const file = path.join(SHOTS, `${state}-${scheme}-${width}.png`);
					await page.screenshot({ path: file, fullPage: true, timeout: 120_000 });
					await page.close();
				}
			}
		}
	});

	describe('strict mode', () => {
		it('LABS_STRICT=1 fails the build and lists every step that is not a fresh k3s output', async () => {
			const { code, log } = await astroBuild(project, { LABS_STRICT: '1' });
			expect(code).not.toBe(0);
			expect(log).toContain('LABS_STRICT=1: 15 run steps are not verified on k3s');
			expect(log).toContain('tutorials/services/unverified.mdx:21: step 1 unverified (no recorded output)');
			expect(log).toContain('tutorials/services/stale.mdx:31: step 2 stale');
			expect(log).toContain('tutorials/services/fresh.mdx:38: step 3 recorded on docker (labs-busybox), not on k3s');
		}, 120_000);
	});
});
