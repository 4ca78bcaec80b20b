import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { selectAll, toText, type Element } from '@expressive-code/core/hast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractLab } from '../../scripts/extract/index.ts';
import { LabRecordSchema, type LabRecord } from '../../scripts/model/record.ts';
import { breakRecord, copiedText, fixtureCopy, FIXTURE_RECORD, newEngine, renderPage, type RenderedBlock } from './render-engine.ts';

/** Step 2 changes from `ls` to `ls -1`: steps 2..5 no longer match the record, step 1 still does. */
const makeStale = (source: string) => {
	expect(source).toContain('\nls\n');
	return source.replace('\nls\n', '\nls -1\n');
};

const roots: string[] = [];
let record: LabRecord;

beforeAll(async () => {
	record = LabRecordSchema.parse(JSON.parse(await readFile(FIXTURE_RECORD, 'utf8')));
});
afterAll(async () => {
	await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

async function render(name: string, opts: Parameters<typeof fixtureCopy>[1]) {
	const copy = await fixtureCopy(name, opts);
	roots.push(copy.root);
	const blocks = await renderPage(copy.page, { root: copy.root });
	return { ...copy, blocks };
}

/** Every step wrapper (command + panel, the #step-N target) of the rendered page, in document order. */
function steps(blocks: RenderedBlock[]): Element[] {
	return blocks.flatMap((b) => (b.ast.properties.dataLabBlock === 'step' ? [b.ast] : []));
}
/** Every output panel of the rendered page, in document order. */
function panels(blocks: RenderedBlock[]): Element[] {
	return blocks.flatMap((b) => selectAll('figure.lab-output', b.ast));
}
function label(panel: Element): string {
	return toText(selectAll('.lab-output__label', panel)[0]!);
}
function body(panel: Element): string | undefined {
	const pre = selectAll('pre.lab-output__body', panel)[0];
	return pre ? toText(pre) : undefined;
}
const day = (iso: string) => iso.slice(0, 10);

describe('lab-outputs plugin: a page with a fresh record (real docker-target run)', () => {
	let blocks: RenderedBlock[];
	beforeAll(async () => {
		({ blocks } = await render('fresh', { withRecord: true }));
	});

	it('has a record that matches the fixture page (else re-record it: npm run fixtures:render)', () => {
		const states = panels(blocks).map((p) => p.properties.dataState);
		expect(states, 'tests/fixtures/render/lab.outputs.json is out of date with lab.mdx; run `npm run fixtures:render`').toEqual(Array(5).fill('fresh'));
	});

	it('renders each run block as a step, ids step-1..step-5 in order, holding its command and exactly one panel', () => {
		const ss = steps(blocks);
		expect(ss.map((s) => s.properties.id)).toEqual(['step-1', 'step-2', 'step-3', 'step-4', 'step-5']);
		for (const s of ss) {
			expect(selectAll('figure.frame', s), 'the command frame inside the step').toHaveLength(1);
			expect(selectAll('figure.lab-output', s)).toHaveLength(1);
		}
		// The panel itself carries no id: the whole step is the link target.
		expect(panels(blocks).map((p) => p.properties.id)).toEqual(Array(5).fill(undefined));
		const runBlocks = blocks.filter((b) => /(^|\s)run(\s|$)/.test(b.meta));
		expect(runBlocks).toHaveLength(5);
		for (const b of runBlocks) expect(selectAll('figure.lab-output', b.ast)).toHaveLength(1);
	});

	it('shows the real output of each step, named by what produced it, never "Verified" for a docker run', () => {
		const ps = panels(blocks);
		ps.forEach((p, i) => {
			expect(p.properties.dataState).toBe('fresh');
			expect(body(p)).toBe(record.steps[i]!.output.replace(/\n$/, ''));
			expect(label(p)).toMatch(new RegExp(`^Recorded · docker \\(labs-busybox\\) · ${day(record.recordedAt)}`));
		});
		expect(blocks.map((b) => b.html).join('')).not.toMatch(/Verified/);
	});

	it('adds the exit code to the badge only when it is not 0', () => {
		const ps = panels(blocks);
		expect(record.steps[2]!.exitCode).toBe(3);
		expect(label(ps[2]!)).toBe(`Recorded · docker (labs-busybox) · ${day(record.recordedAt)} · exit 3`);
		expect(label(ps[0]!)).not.toMatch(/exit/);
	});

	it('tells the two identical `echo same` blocks apart by their order, also when a renderer never resets its block index', async () => {
		const again = await renderPage(path.join(roots[0]!, 'fresh.mdx'), { root: roots[0]!, startIndex: 1000, engine: newEngine(roots[0]!) });
		expect(steps(again).map((s) => s.properties.id)).toEqual(['step-1', 'step-2', 'step-3', 'step-4', 'step-5']);
	});

	it('marks panels data-pagefind-ignore and names them for assistive technology', () => {
		for (const p of panels(blocks)) {
			expect(p.properties.dataPagefindIgnore).toBe('');
			expect(String(p.properties.ariaLabel)).toMatch(/^Output of step \d: /);
			expect(selectAll('svg[aria-hidden=true]', p)).toHaveLength(1);
		}
	});
});

describe('lab-outputs plugin: blocks that are not outputs', () => {
	let blocks: RenderedBlock[];
	let page: string;
	let root: string;
	beforeAll(async () => {
		({ blocks, page, root } = await render('plain-parts', { withRecord: true }));
	});

	it('does not render the expect blocks a second time: each becomes an empty hidden placeholder', () => {
		const expects = blocks.filter((b) => /(^|\s)expect(\s|$)/.test(b.meta));
		expect(expects).toHaveLength(4);
		for (const b of expects) {
			expect(b.ast.properties.hidden).toBe(true);
			expect(toText(b.ast).trim()).toBe('');
			expect(selectAll('pre', b.ast)).toHaveLength(0);
		}
	});

	it('titles a file= block with its file name', () => {
		const file = blocks.find((b) => b.meta.startsWith('file='))!;
		expect(toText(selectAll('figcaption .title', file.ast)[0]!)).toBe('greeting.yaml');
		expect(selectAll('figure.lab-output', file.ast)).toHaveLength(0);
	});

	it('copies exactly the command the runner runs (the extractor\'s text), comments included, no prompt, no output', async () => {
		const lab = extractLab(path.relative(root, page), await readFile(page, 'utf8'))!;
		const copied = blocks.filter((b) => /(^|\s)run(\s|$)/.test(b.meta)).map(copiedText);
		expect(copied).toEqual(lab.runs.map((r) => r.command));
		expect(copied[1]).toBe('# the lab directory holds the file written above\nls');
		for (const text of copied) expect(text).not.toMatch(/^\$ /m);
	});

	it('leaves a norun block alone', () => {
		const norun = blocks.find((b) => b.meta === 'norun')!;
		expect(selectAll('figure.lab-output', norun.ast)).toHaveLength(0);
		expect(copiedText(norun)).toBe('echo this never runs');
	});
});

describe('lab-outputs plugin: a stale record', () => {
	it('keeps steps before the edit fresh, and shows the expectation (never the stale output) from the edited step on', async () => {
		const { blocks } = await render('stale', { withRecord: true, edit: makeStale });
		const ps = panels(blocks);
		expect(ps.map((p) => p.properties.dataState)).toEqual(['fresh', 'stale', 'stale', 'stale', 'stale']);
		expect(label(ps[1]!)).toBe('Stale · no expected output');
		expect(body(ps[1]!)).toBeUndefined();
		expect(toText(ps[1]!)).not.toContain(record.steps[1]!.output.trim());
		expect(label(ps[2]!)).toBe('Stale · expected output shown · expected exit 3');
		expect(body(ps[2]!)).toBe('about to fail');
		expect(label(ps[3]!)).toBe('Stale · expected output shown');
	});
});

describe('lab-outputs plugin: no record', () => {
	it('shows the authored expectation under a different label, and says so when there is none', async () => {
		const { blocks } = await render('unverified', { withRecord: false });
		const ps = panels(blocks);
		expect(ps.map((p) => p.properties.dataState)).toEqual(['none', 'none', 'none', 'none', 'none']);
		expect(label(ps[0]!)).toBe('Expected output · not yet verified on a cluster');
		expect(body(ps[0]!)).toBe('  greeting: hello');
		expect(label(ps[1]!)).toBe('No output yet · not yet verified on a cluster');
		expect(toText(ps[1]!)).toContain('has not been run on a cluster yet and the page gives no expected output');
		expect(label(ps[2]!)).toBe('Expected output · not yet verified on a cluster · expected exit 3');
	});

	it('follows the page as it changes: a new record is picked up without restarting', async () => {
		const { root, page } = await fixtureCopy('live', { withRecord: false });
		roots.push(root);
		const engine = newEngine(root);
		const before = await renderPage(page, { root, engine });
		expect(panels(before)[0]!.properties.dataState).toBe('none');
		await writeFile(path.join(root, 'live.outputs.json'), await readFile(FIXTURE_RECORD, 'utf8'));
		const after = await renderPage(page, { root, engine, startIndex: 0 });
		expect(panels(after)[0]!.properties.dataState).toBe('fresh');
	});
});

describe('lab-outputs plugin: a bad record', () => {
	it('fails the render with the record reader\'s message: file, line, field, what to do; never a page without outputs', async () => {
		const { root, page } = await fixtureCopy('broken', { withRecord: true, editRecord: breakRecord });
		roots.push(root);
		const error = await renderPage(page, { root }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(Error);
		const message = (error as Error).message;
		expect(message).toContain('broken.outputs.json:35: found steps[2].exitCode: "three" (');
		expect(message).toContain('expected a record as `npm run verify` writes it (scripts/model/record.ts, schema version 1)');
		expect(message).toContain('hint: records are written by `npm run verify`, never by hand: restore it (git checkout -- broken.outputs.json) or record the lab again with `npm run verify -- broken.mdx --update`');
	});

	it('renders the page again once the record is restored', async () => {
		const { root, page } = await fixtureCopy('restored', { withRecord: true, editRecord: breakRecord });
		roots.push(root);
		const engine = newEngine(root);
		await expect(renderPage(page, { root, engine })).rejects.toThrow(/restored\.outputs\.json:35:/);
		await writeFile(path.join(root, 'restored.outputs.json'), await readFile(FIXTURE_RECORD, 'utf8'));
		const blocks = await renderPage(page, { root, engine, startIndex: 0 });
		expect(panels(blocks).map((p) => p.properties.dataState)).toEqual(Array(5).fill('fresh'));
	});

	it('shows a record of an older schema version as not recorded (the next verify replaces it)', async () => {
		const { blocks } = await render('older', { withRecord: true, editRecord: (text) => text.replace('"schemaVersion": 1,', '"schemaVersion": 0,') });
		expect(panels(blocks).map((p) => p.properties.dataState)).toEqual(Array(5).fill('none'));
	});
});

describe('lab-outputs plugin: a page that is not a lab', () => {
	it('renders its code blocks untouched', async () => {
		const { root } = await fixtureCopy('unused', { withRecord: false });
		roots.push(root);
		const page = path.join(root, 'plain.mdx');
		await writeFile(page, '---\ntitle: Plain\n---\n\n```yaml\na: 1\n```\n\n```text\nhello\n```\n');
		const blocks = await renderPage(page, { root });
		expect(panels(blocks)).toHaveLength(0);
		expect(blocks.every((b) => !b.ast.properties.hidden)).toBe(true);
	});
});
