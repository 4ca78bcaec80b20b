/**
 * Expressive Code plugin that turns a lab page's code blocks into a lab:
 * - each `run` block is one step, `#step-N` (its command and its output panel
 *   together), titled "Step N" (with "k3s only" when it needs k3s itself), its
 *   checking shell (from `# Check:` to the end) set apart, and a copy button
 *   that copies exactly the command the runner executes;
 * - under it one output panel (fresh recorded output, or the authored
 *   expectation labelled as such, or a note that there is neither); the
 *   `expect` block itself is not rendered a second time;
 * - a `file=` block is titled with its file name, says to save it under that
 *   name, and offers besides the copy of its content a copy of a shell command
 *   that writes it (site/labs/file-copy.ts), byte for byte what the runner writes.
 * Astro 7's Markdown processor runs no remark/rehype plugins, so this is where
 * page rendering happens (registered in ec.config.mjs).
 */
import { definePlugin, type ExpressiveCodeBlock, type ExpressiveCodePlugin } from '@expressive-code/core';
import { h, type Element, type Parents } from '@expressive-code/core/hast';
import type { FileStep, RunStep } from '../../scripts/model/lab.ts';
import { fileShellCommand, type LabBlockKind } from '../labs/follower-copy.ts';
import { loadPageLab, type LoadOptions, type PageLab } from '../labs/page-lab.ts';
import { outputPanel, stepAnchor } from '../labs/panel.ts';
import type { StepView } from '../labs/status.ts';
import { blockRole, StepMatcher } from './step-matcher.ts';

/** Options of pluginLabOutputs: where pages and records are read from, and the k3s image to hash with. */
export type LabOutputsOptions = LoadOptions;

type BlockMatch = { role: 'run'; step: RunStep; view: StepView } | { role: 'expect'; step: RunStep } | { role: 'file'; step: FileStep };

/** The comment that opens the checking part of a step: from this line to the end, the step checks rather than does. */
export const CHECK_MARKER = /^\s*# Check:/;

/** What the "k3s only" marker says to screen readers (and as its tooltip). */
export const K3S_ONLY_TEXT = 'This step needs k3s itself (its ServiceLB, bundled Traefik or the node\'s own tools); on another cluster it fails or shows something else.';

/** Class of the element left in place of an `expect` block (empty and hidden: its text is shown in the run block's panel). */
export const EXPECT_PLACEHOLDER_CLASS = 'lab-expect-source';

/** The copy button's data-code encoding used by Expressive Code's frames plugin (newlines as U+007F). */
export function encodeCopyText(text: string): string {
	return text.replace(/\n/g, '\u007f');
}

function hasClass(node: Element, name: string): boolean {
	const value: unknown = node.properties.className;
	return Array.isArray(value) ? value.includes(name) : typeof value === 'string' && value.split(/\s+/).includes(name);
}

/**
 * The first `<button>` inside an element of class `copy`, in document order: what
 * `select('.copy button', tree)` returns, without compiling a CSS selector for every block.
 */
export function copyButton(tree: Parents): Element | undefined {
	const walk = (node: Parents, inCopy: boolean): Element | undefined => {
		for (const child of node.children) {
			if (child.type !== 'element') continue;
			if (inCopy && child.tagName === 'button') return child;
			const found = walk(child, inCopy || hasClass(child, 'copy'));
			if (found) return found;
		}
		return undefined;
	};
	return walk(tree, tree.type === 'element' && hasClass(tree, 'copy'));
}

/** Every element of class `name` under `tree`, in document order. */
function elementsWithClass(tree: Parents, name: string): Element[] {
	const found: Element[] = [];
	const walk = (node: Parents) => {
		for (const child of node.children) {
			if (child.type !== 'element') continue;
			if (hasClass(child, name)) found.push(child);
			walk(child);
		}
	};
	walk(tree);
	return found;
}

function addClass(node: Element, name: string): void {
	const value: unknown = node.properties.className;
	node.properties.className = [...(Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : []), name];
}

/** The "k3s only" marker beside a step's title: a visible word, and for screen readers and as a tooltip, why. */
function k3sOnlyMarker(): Element {
	return h('span', { className: ['lab-k3s'], title: K3S_ONLY_TEXT }, ['k3s only', h('span', { className: ['sr-only'] }, `: ${K3S_ONLY_TEXT}`)]);
}

/**
 * Sets apart a step's checking shell: every line from the first `# Check:`
 * comment to the end gets the class lab-check (the first also lab-check-start),
 * which labs.css draws as a band labelled "check". The text is untouched.
 */
function markCheckLines(blockAst: Element, lines: readonly string[]): void {
	const start = lines.findIndex((line) => CHECK_MARKER.test(line));
	if (start < 0) return;
	elementsWithClass(blockAst, 'ec-line').forEach((line, i) => {
		if (i < start) return;
		addClass(line, 'lab-check');
		if (i === start) addClass(line, 'lab-check-start');
	});
}

/** The bar under a file block: the name to save it under and a button that copies the shell command writing it. */
function saveBar(step: FileStep): Element {
	return h('div', { className: ['lab-file__save', 'not-content'] }, [
		h('p', { className: ['lab-file__hint'] }, [
			'Save this as ',
			h('code', step.path),
			' in the folder you run the steps from, or copy a command that creates it.',
		]),
		// Expressive Code's copy script handles every `.expressive-code .copy button` (data-code, newlines as U+007F).
		h('div', { className: ['copy'] }, [
			h('div', { ariaLive: 'polite' }),
			h('button', { type: 'button', dataCopy: 'shell', dataCopied: 'Copied!', dataCode: encodeCopyText(fileShellCommand(step)), title: `Copy a shell command that writes ${step.path}` }, [
				h('span', { className: ['lab-file__button-text'] }, 'Copy as shell command'),
			]),
		]),
	]);
}

/** The plugin. One instance serves every page; per-page state is keyed by the page's path. */
export function pluginLabOutputs(options: LabOutputsOptions = {}): ExpressiveCodePlugin {
	const matches = new WeakMap<ExpressiveCodeBlock, BlockMatch>();
	const matchers = new Map<string, { page: PageLab; matcher: StepMatcher }>();

	function matcherFor(file: string, page: PageLab): StepMatcher {
		const known = matchers.get(file);
		if (known && known.page === page) return known.matcher;
		const matcher = new StepMatcher(page.lab.runs);
		matchers.set(file, { page, matcher });
		return matcher;
	}

	return definePlugin({
		name: 'lab-outputs',
		hooks: {
			preprocessMetadata: async ({ codeBlock }) => {
				const fileName = codeBlock.metaOptions.getString('file');
				if (fileName && codeBlock.props.title === undefined) codeBlock.props.title = fileName;

				const role = blockRole(codeBlock.language, codeBlock.meta);
				const sourceFile = codeBlock.parentDocument?.sourceFilePath;
				if ((!role && !fileName) || !sourceFile) return;
				const page = await loadPageLab(sourceFile, options);
				if (!page) return;
				if (!role) {
					// file= names are unique on a page (the extractor refuses a second one).
					const step = page.lab.steps.find((s): s is FileStep => s.kind === 'file' && s.path === fileName);
					if (step) matches.set(codeBlock, { role: 'file', step });
					return;
				}
				const blockIndex = codeBlock.parentDocument?.positionInDocument?.groupIndex;
				const step = matcherFor(sourceFile, page).match(role, codeBlock.code, blockIndex);
				if (!step) {
					if (role === 'expect') return;
					const firstLine = codeBlock.code.split('\n')[0] ?? '';
					throw new Error(
						`${sourceFile}: found a \`run\` block the site renders ("${firstLine}") that matches no run step the extractor found; ` +
							'expected the same command text as the runner executes.\n' +
							'  hint: this is a bug in matching (scripts/extract normaliseCode vs Expressive Code); report it with the block.',
					);
				}
				const view = page.views[step.index];
				if (role === 'run' && view) {
					matches.set(codeBlock, { role, step, view });
					const title = codeBlock.props.title;
					codeBlock.props.title = title ? `Step ${view.number} · ${title}` : `Step ${view.number}`;
				}
				else if (role === 'expect') matches.set(codeBlock, { role, step });
			},
			postprocessRenderedBlock: ({ codeBlock, renderData }) => {
				const match = matches.get(codeBlock);
				if (match?.role === 'file') {
					const button = copyButton(renderData.blockAst);
					if (button) button.properties.title = `Copy the contents of ${match.step.path}`;
					return;
				}
				if (match?.role !== 'run') return;
				// Copy exactly what the runner runs: no prompt, no output, comments kept.
				const button = copyButton(renderData.blockAst);
				if (button) {
					button.properties.dataCode = encodeCopyText(match.step.command);
					button.properties.title = `Copy the command of step ${match.view.number}`;
				}
				if (match.step.options.k3s) elementsWithClass(renderData.blockAst, 'title')[0]?.children.push({ type: 'text', value: ' ' }, k3sOnlyMarker());
				markCheckLines(renderData.blockAst, codeBlock.getLines().map((line) => line.text));
			},
			postprocessRenderedBlockGroup: ({ renderedGroupContents, renderData }) => {
				const [only] = renderedGroupContents;
				const match = only && renderedGroupContents.length === 1 ? matches.get(only.codeBlock) : undefined;
				if (!match) return;
				if (match.role === 'expect') {
					renderData.groupAst = h('div', {
						className: [EXPECT_PLACEHOLDER_CLASS],
						hidden: true,
						dataExpectOf: stepAnchor(match.step.index + 1),
					});
					return;
				}
				if (match.role === 'file') {
					renderData.groupAst.children.push(saveBar(match.step));
					renderData.groupAst = h('div', { className: ['lab-file'], dataLabBlock: 'file' satisfies LabBlockKind, dataFile: match.step.path }, [renderData.groupAst]);
					return;
				}
				// The whole step is the link target, so #step-N shows its command with the top of its output.
				renderData.groupAst = h(
					'div',
					{ className: ['lab-step'], id: stepAnchor(match.view.number), dataLabBlock: 'step' satisfies LabBlockKind, dataStep: String(match.view.number), ...(match.step.options.k3s ? { dataK3s: '' } : {}) },
					[renderData.groupAst, outputPanel(match.view)],
				);
			},
		},
	});
}
