/**
 * Expressive Code plugin that turns a lab page's code blocks into a lab:
 * under each `run` block one output panel (fresh recorded output, or the
 * authored expectation labelled as such, or a note that there is neither),
 * the `expect` block itself not rendered a second time, `file=` blocks titled
 * with their file name, and a copy button that copies exactly the command the
 * runner executes. Astro 7's Markdown processor runs no remark/rehype plugins,
 * so this is where page rendering happens (registered in ec.config.mjs).
 */
import { definePlugin, type ExpressiveCodeBlock, type ExpressiveCodePlugin } from '@expressive-code/core';
import { h, type Element, type Parents } from '@expressive-code/core/hast';
import type { RunStep } from '../../scripts/model/lab.ts';
import { loadPageLab, type LoadOptions, type PageLab } from '../labs/page-lab.ts';
import { outputPanel, stepAnchor } from '../labs/panel.ts';
import type { StepView } from '../labs/status.ts';
import { blockRole, StepMatcher } from './step-matcher.ts';

/** Options of pluginLabOutputs: where pages and records are read from, and the k3s image to hash with. */
export type LabOutputsOptions = LoadOptions;

type BlockMatch = { role: 'run'; step: RunStep; view: StepView } | { role: 'expect'; step: RunStep };

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
				if (!role || !sourceFile) return;
				const page = await loadPageLab(sourceFile, options);
				if (!page) return;
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
				if (role === 'run' && view) matches.set(codeBlock, { role, step, view });
				else if (role === 'expect') matches.set(codeBlock, { role, step });
			},
			postprocessRenderedBlock: ({ codeBlock, renderData }) => {
				const match = matches.get(codeBlock);
				if (match?.role !== 'run') return;
				// Copy exactly what the runner runs: no prompt, no output, comments kept.
				const button = copyButton(renderData.blockAst);
				if (button) button.properties.dataCode = encodeCopyText(match.step.command);
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
				renderData.groupAst = h('div', { className: ['lab-step'], dataStep: String(match.view.number) }, [
					renderData.groupAst,
					outputPanel(match.view, { id: stepAnchor(match.view.number) }),
				]);
			},
		},
	});
}
