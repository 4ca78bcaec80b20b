/**
 * The bench compares our build with a bare Starlight build of the same pages, so
 * both variants must build from a snapshot: every file a page or the site reads
 * is copied, and in the bare variant every relative import of a page still
 * resolves (stubs for our lab components, the page-content modules kept).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBare, relativeImports, snapshotProject } from '../../scripts/bench/site-projects.ts';
import { VERIFY_WORKFLOW } from '../../site/labs/ci-minors.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Relative imports of every page under dir, as [page, resolved target]. */
function pageImports(dir: string): [string, string][] {
	const pages = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.mdx'));
	return pages.flatMap((e) => {
		const page = path.join(e.parentPath, e.name);
		return relativeImports(readFileSync(page, 'utf8')).map((spec): [string, string] => [page, path.resolve(path.dirname(page), spec)]);
	});
}

describe('bench project snapshots', () => {
	const work = mkdtempSync(path.join(tmpdir(), 'bench-projects-'));
	const ours = path.join(work, 'ours');
	const bare = path.join(work, 'bare');
	beforeAll(async () => {
		await snapshotProject(ROOT, ours);
		await snapshotProject(ROOT, bare);
		await makeBare(bare);
	});
	afterAll(() => rmSync(work, { recursive: true, force: true }));

	it('copies the verify workflow, whose matrix the site reads when it is built', () => {
		expect(readFileSync(path.join(ours, VERIFY_WORKFLOW), 'utf8')).toBe(readFileSync(path.join(ROOT, VERIFY_WORKFLOW), 'utf8'));
	});

	it('leaves every relative import of every page resolvable in both variants', () => {
		for (const variant of [ours, bare]) {
			const imports = pageImports(path.join(variant, 'tutorials'));
			expect(imports.length, `${variant}: page imports`).toBeGreaterThan(10);
			const missing = imports.filter(([, target]) => !existsSync(target)).map(([page, target]) => `${path.relative(variant, page)} → ${path.relative(variant, target)}`);
			expect(missing, `${path.basename(variant)}: imports with no file`).toEqual([]);
		}
	});

	it('keeps none of our site machinery in the bare variant but the page-content modules', () => {
		expect(readdirSync(path.join(bare, 'site')).sort()).toEqual(['assets', 'components', 'content', 'content.config.ts', 'data', 'labs']);
		expect(readdirSync(path.join(bare, 'site', 'labs'))).toEqual(['ci-minors.ts']);
		expect(existsSync(path.join(bare, 'ec.config.mjs')), 'the lab Expressive Code config').toBe(false);
	});
});
