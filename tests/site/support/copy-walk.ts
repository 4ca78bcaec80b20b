import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Lab } from '../../../scripts/model/lab.ts';
import { followerCopies, type FollowerCopy, type LabBlockKind } from '../../../site/labs/follower-copy.ts';

/** The set-up block at the top of a lab page (LabSummary), found by its data-lab-block. */
const SETUP = '[data-lab-block="setup"]';
/** The lab's blocks a follower copies, in page order. */
const BLOCKS = `${SETUP}, [data-lab-block="file"], [data-lab-block="step"], [data-lab-block="cleanup"]`;

/** What one block of the page gave on the clipboard. */
export interface Clicked {
	block: LabBlockKind;
	/** The file's name (file blocks). */
	file?: string;
	/** The copy a follower pastes into a shell: the command, or for a file the command that writes it. */
	text: string;
	/** For a file block: the copy of its content alone. */
	raw?: string;
}

/** Clicks a copy button as a reader does and returns what landed on the clipboard. */
async function clickCopy(page: Page, button: ReturnType<Page['locator']>): Promise<string> {
	// A marker on the clipboard first, so a button that copies nothing cannot pass on stale text.
	await page.evaluate(() => navigator.clipboard.writeText('\u0000nothing copied'));
	await button.scrollIntoViewIfNeeded();
	await button.click();
	return page.evaluate(() => navigator.clipboard.readText());
}

/**
 * Walks a lab page top to bottom and clicks every copy button of its lab
 * blocks (set-up, files, steps, clean-up), returning what each gave. The page
 * context needs clipboard permissions.
 */
export async function walkCopies(page: Page): Promise<Clicked[]> {
	const blocks = page.locator(BLOCKS);
	const clicked: Clicked[] = [];
	for (let i = 0; i < (await blocks.count()); i++) {
		const block = blocks.nth(i);
		const kind = ((await block.getAttribute('data-lab-block')) ?? 'setup') as LabBlockKind;
		if (kind === 'file') {
			const file = (await block.getAttribute('data-file')) ?? '';
			const shell = block.locator('button[data-copy="shell"]');
			const raw = block.locator('.frame .copy button');
			expect(await shell.count(), `file ${file}: "copy as a shell command" buttons`).toBe(1);
			expect(await raw.count(), `file ${file}: "copy the contents" buttons`).toBe(1);
			clicked.push({ block: kind, file, text: await clickCopy(page, shell), raw: await clickCopy(page, raw) });
			continue;
		}
		const buttons = block.locator('.frame .copy button');
		expect(await buttons.count(), `${kind} block ${i + 1}: copy buttons`).toBe(1);
		clicked.push({ block: kind, text: await clickCopy(page, buttons.first()) });
	}
	return clicked;
}

/** A here-document copy read back: `[mkdir -p dir && ]cat > NAME <<'DELIM'`, the body, `DELIM`. */
export function readHeredoc(text: string): { folder?: string; file: string; delimiter: string; body: string } | undefined {
	const lines = text.split('\n');
	const head = /^(?:mkdir -p (\S+) && )?cat > (\S+) <<'([^']+)'$/.exec(lines[0] ?? '');
	if (!head || lines.length < 2 || lines.at(-1) !== head[3]) return undefined;
	return { folder: head[1], file: head[2]!, delimiter: head[3]!, body: `${lines.slice(1, -1).join('\n')}\n` };
}

/**
 * Checks a page's copies against its lab, step by step, byte for byte:
 * the same blocks in the same order (nothing missing, nothing extra), each
 * command exactly the runner's, each file written by a here-document whose
 * body is exactly the file the runner writes and whose delimiter is no line of
 * it, and the raw copy the same content. Returns the expected copies.
 */
export function expectCopiesMatchLab(where: string, lab: Lab, clicked: Clicked[]): FollowerCopy[] {
	const expected = followerCopies(lab, { setup: true, cleanup: true });
	const name = (c: Clicked | FollowerCopy) => ('file' in c && c.file ? `file ${c.file}` : 'label' in c ? c.label : c.block);
	expect(clicked.map((c) => (c.block === 'file' ? `file ${c.file}` : c.block)), `${where}: the lab blocks a follower copies, in page order`).toEqual(
		expected.map((c) => (c.block === 'file' ? c.label : c.block)),
	);
	const files = lab.steps.filter((s) => s.kind === 'file');
	clicked.forEach((c, i) => {
		const want = expected[i]!;
		if (c.block === 'file') {
			const step = files.find((f) => f.path === c.file)!;
			const heredoc = readHeredoc(c.text);
			expect(heredoc, `${where}: ${name(c)}: the shell copy is a here-document writing the file:\n${c.text}`).toBeDefined();
			expect(heredoc!.file, `${where}: ${name(c)}: the file the here-document writes`).toBe(step.path);
			expect(heredoc!.body, `${where}: ${name(c)}: the here-document's body vs the file the runner writes`).toBe(step.content);
			expect(step.content.split('\n'), `${where}: ${name(c)}: the delimiter occurs as a line of the content`).not.toContain(heredoc!.delimiter);
			expect(`${c.raw}\n`, `${where}: ${name(c)}: the raw copy vs the file's content`).toBe(step.content);
		}
		expect(c.text, `${where}: ${want.label}: clipboard vs what the runner runs`).toBe(want.text);
	});
	return expected;
}
