/**
 * Turns one page into a Lab: frontmatter options and the ordered file, run and
 * expect steps, each with its source line and chain hash. One extractor serves
 * the runner, the tests, the site plugin and the lab CLI.
 */
import type { Code } from 'mdast';
import { posix } from 'node:path';
import { parseAllDocuments, LineCounter } from 'yaml';
import type { Expectation, FileStep, Lab, RunStep, Step } from '../model/lab.ts';
import { k3sImage } from '../model/k3s-image.ts';
import { chainHashes, type HashableStep } from './chain-hash.ts';
import { ProblemList } from './errors.ts';
import { commandFiles, normaliseLabPath } from './file-references.ts';
import { readFrontmatter } from './frontmatter.ts';
import { classifyFence, type BlockKind } from './meta.ts';
import { normaliseCode } from './normalise-code.ts';
import { codeBlocks, fenceProblems, parsePage } from './parse.ts';

/** Options of extractLab. */
export interface ExtractOptions {
	/** k3s image the chain hashes are computed with; default: k3sImage() (LABS_K3S_IMAGE or the pin). */
	image?: string;
}

interface Block {
	node: Code;
	line: number;
	kind: BlockKind;
}

/** Lines the code gains before its first non-blank line: normaliseCode drops them, error lines must not. */
function leadingBlankLines(value: string): number {
	let n = 0;
	for (const line of value.split(/\r?\n/)) {
		if (line.trim()) break;
		n += 1;
	}
	return n;
}

/** The fence language to suggest for a lab file, by extension. */
function langFor(path: string): string {
	const ext = posix.extname(path).slice(1);
	return ext === 'yml' ? 'yaml' : ext === 'txt' || ext === 'conf' ? 'text' : ext || 'text';
}

function fenceLine(node: Code): number {
	return node.position?.start.line ?? 1;
}

function checkTabs(block: Block, what: string, problems: ProblemList): void {
	const lines = block.node.value.split('\n');
	const at = lines.findIndex((l) => l.includes('\t'));
	if (at === -1) return;
	problems.add(
		block.line + 1 + at,
		`a tab character in a ${what} block`,
		'spaces only in run and file blocks',
		'the site turns tabs into spaces, so the reader would copy a different text than the one verified; indent with spaces',
	);
}

function checkFilePath(path: string, block: Block, problems: ProblemList | undefined): string | undefined {
	if (!path) return undefined;
	const normal = normaliseLabPath(path);
	if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\') || normal === '..' || normal.startsWith('../') || normal === '.' || path.endsWith('/')) {
		problems?.add(block.line, `file=${path}, a path outside the lab directory`, 'a relative file path inside the lab directory, e.g. file=echo.yaml or file=manifests/echo.yaml', 'drop leading /, ../ and backslashes; the runner writes files only inside the lab directory');
		return undefined;
	}
	if (!SAFE_FILE_PATH.test(normal)) {
		problems?.add(block.line, `file=${path}, a name with characters other than letters, digits, ".", "_", "-" and "/"`, 'a plain relative file name, e.g. file=echo.yaml', 'rename the file; the same name is typed by readers in their shell, so keep it plain');
		return undefined;
	}
	return normal;
}

/** File names readers can type unquoted in any shell. */
const SAFE_FILE_PATH = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

function checkFileSyntax(lang: string, value: string, block: Block, problems: ProblemList): void {
	const offset = block.line + 1 + leadingBlankLines(value);
	const code = normaliseCode(value);
	if (lang === 'yaml' || lang === 'yml') {
		const counter = new LineCounter();
		for (const doc of parseAllDocuments(code, { lineCounter: counter, prettyErrors: false })) {
			for (const error of doc.errors.slice(0, 1)) {
				problems.add(offset + counter.linePos(error.pos[0]).line - 1, `invalid YAML in file block ${block.kind.kind === 'file' ? block.kind.path : ''} (${error.message.split('\n')[0]})`, 'a valid YAML manifest', 'check indentation (spaces, two per level) and quoting; a `:` inside a value needs quotes');
			}
		}
	} else if (lang === 'json') {
		try {
			JSON.parse(code);
		} catch (error) {
			problems.add(block.line, `invalid JSON in file block (${(error as Error).message})`, 'a valid JSON document', 'check commas and quotes');
		}
	}
}

/**
 * Extracts the lab of a page, or returns null for a plain page (no `lab:`
 * frontmatter and no run or file blocks). A plain page must still mark every
 * shell block run or norun. Throws LabSyntaxError with every problem found.
 *
 * @param file project-relative path of the page (used in errors and in Lab.file)
 * @param source the page's text
 */
export function extractLab(file: string, source: string, options: ExtractOptions = {}): Lab | null {
	const problems = new ProblemList(file);
	const tree = parsePage(file, source);
	const yamlNode = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
	const front = readFrontmatter(yamlNode?.value, yamlNode?.position?.start.line ?? 1, problems);

	const blocks: Block[] = [];
	for (const node of codeBlocks(tree)) {
		const line = fenceLine(node);
		const classified = classifyFence(node.lang, node.meta);
		for (const p of classified.problems) problems.add(line, p.found, p.expected, p.hint);
		for (const p of fenceProblems(source, node, classified.block.kind !== 'plain' && classified.block.kind !== 'norun')) problems.add(p.line, p.found, p.expected, p.hint);
		blocks.push({ node, line, kind: classified.block });
	}

	// Where each file is declared, to tell "used before declared" from "never declared".
	const declaredAt = new Map<string, number>();
	const steps: Step[] = [];
	const runs: RunStep[] = [];
	const available = new Set<string>();
	let directoryKnown = true;
	let previous: { block: Block; run?: RunStep; expectLine?: number } | undefined;

	for (const block of blocks) {
		if (block.kind.kind === 'file') {
			const path = checkFilePath(block.kind.path, block, undefined);
			if (path && !declaredAt.has(path)) declaredAt.set(path, block.line);
		}
	}
	const declared = new Set<string>();

	for (const block of blocks) {
		const { kind } = block;
		if (kind.kind === 'file') {
			checkTabs(block, 'file', problems);
			const path = checkFilePath(kind.path, block, problems);
			if (path) {
				if (declared.has(path)) {
					problems.add(block.line, `a second file block for ${path} (first declared at line ${declaredAt.get(path)})`, 'each file name declared once per page', 'rename one of the files, or merge the two blocks; to change a file later, show a command that edits it');
				} else {
					declared.add(path);
					available.add(path);
					const lang = block.node.lang ?? '';
					checkFileSyntax(lang, block.node.value, block, problems);
					steps.push({ kind: 'file', path, lang, content: `${normaliseCode(block.node.value)}\n`, position: { file, line: block.line }, hash: '' } satisfies FileStep);
				}
			}
			previous = { block };
		} else if (kind.kind === 'run') {
			checkTabs(block, 'run', problems);
			const command = normaliseCode(block.node.value);
			if (!command) problems.add(block.line, 'an empty run block', 'at least one command', 'write the command, or delete the block');
			const offset = block.line + 1 + leadingBlankLines(block.node.value);
			for (const event of commandFiles(command).events) {
				if (event.kind === 'cd') directoryKnown = false;
				else if (event.kind === 'write') available.add(event.path);
				else if (directoryKnown && !available.has(event.ref.path)) {
					const later = declaredAt.get(event.ref.path);
					problems.add(
						offset + event.ref.line,
						later !== undefined
							? `\`${event.ref.via}${event.ref.via.endsWith('=') ? '' : ' '}${event.ref.written}\`, a file used before it is declared (its file block is at line ${later})`
							: `\`${event.ref.via}${event.ref.via.endsWith('=') ? '' : ' '}${event.ref.written}\`, a file that is never declared`,
						`a \`\`\`${langFor(event.ref.path)} file=${event.ref.path} block (or a command writing ${event.ref.path}) before this step`,
						later !== undefined ? `move the file=${event.ref.path} block above this run block` : `add a block such as \`\`\`${langFor(event.ref.path)} file=${event.ref.path} before this step, or fix the name`,
					);
				}
			}
			const run: RunStep = { kind: 'run', index: runs.length, command, lang: block.node.lang ?? 'bash', options: kind.options, position: { file, line: block.line }, hash: '' };
			steps.push(run);
			runs.push(run);
			previous = { block, run };
		} else if (kind.kind === 'expect') {
			// Tabs are fine here: normaliseCode expands them as the site does, and the matcher reads any tab as a column gap.
			if (previous?.run && previous.expectLine === undefined && !previous.run.expect) {
				const expect: Expectation = { text: normaliseCode(block.node.value), position: { file, line: block.line } };
				previous.run.expect = expect;
				previous = { block, run: previous.run, expectLine: block.line };
			} else if (previous?.run) {
				problems.add(block.line, `a second expect block for the run block at line ${previous.run.position.line} (the first is at line ${previous.expectLine})`, 'one expect block per run block', 'merge the two expectations into one block; use a line holding only ... to skip lines');
			} else {
				problems.add(
					block.line,
					previous ? `an expect block after a ${previous.block.kind.kind === 'plain' ? `\`\`\`${previous.block.node.lang ?? ''}` : previous.block.kind.kind} block (line ${previous.block.line})` : 'an expect block with no code block before it',
					'an expect block right after a ```bash run block (prose in between is fine, other code blocks are not)',
					'move the expect block directly under the run block whose output it describes',
				);
				previous = { block };
			}
		} else {
			previous = { block };
		}
	}

	const firstLabBlock = blocks.find((b) => b.kind.kind === 'run' || b.kind.kind === 'file');
	if (!front.hasLab) {
		if (firstLabBlock && !front.unreadable) {
			problems.add(
				firstLabBlock.line,
				`a ${firstLabBlock.kind.kind === 'run' ? 'run' : 'file='} block on a page without lab: frontmatter`,
				'a `lab:` mapping with a `namespace:` in the frontmatter of a page with run or file blocks',
				'add `lab:` with a `namespace:` to the frontmatter, or mark the block norun (a display block can use title="name.yaml" instead of file=)',
			);
		}
		problems.throwIfAny();
		return null;
	}
	if (front.lab && runs.length === 0 && problems.items.length === 0) {
		problems.add(front.labLine, 'lab: on a page with no run block', 'at least one ```bash run block on a lab page', 'add the lab\'s commands as run blocks, or remove lab: from the frontmatter');
	}
	problems.throwIfAny();
	const lab = front.lab!;
	const image = options.image ?? k3sImage();
	const hashable: HashableStep[] = steps.map((s) =>
		s.kind === 'file' ? { kind: 'file', path: s.path, lang: s.lang, content: s.content } : { kind: 'run', command: s.command, options: s.options, expect: s.expect?.text },
	);
	chainHashes(image, lab, hashable).forEach((hash, i) => {
		steps[i]!.hash = hash;
	});
	return { file, title: front.title ?? posix.basename(file).replace(/\.mdx?$/, ''), options: lab, image, steps, runs };
}
