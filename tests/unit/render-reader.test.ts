import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getClassNames, h, selectAll, toText, type Element } from '@expressive-code/core/hast';
import { afterAll, describe, expect, it } from 'vitest';
import { extractLab } from '../../scripts/extract/index.ts';
import { ExpressiveCodeEngine, pluginShiki } from 'astro-expressive-code';
import { HANGING_INDENT, indentClass, MAX_INDENT_CLASS, pluginReadableLines, readableLine, WHOLE_ATTRIBUTE } from '../../site/expressive-code/readable-lines.ts';
import { fileShellCommand, followerCopies, followerScript } from '../../site/labs/follower-copy.ts';
import { ANY_LINES_TEXT, outputLines, placeholderLegend, VARIES_TEXT } from '../../site/labs/output-lines.ts';
import { copiedText, fixtureCopy, newEngine, renderPage, type RenderedBlock } from './render-engine.ts';

const roots: string[] = [];
afterAll(async () => {
	await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

async function render(name: string, opts: Parameters<typeof fixtureCopy>[1]) {
	const copy = await fixtureCopy(name, opts);
	roots.push(copy.root);
	return { ...copy, blocks: await renderPage(copy.page, { root: copy.root }) };
}
const stepBlocks = (blocks: RenderedBlock[]) => blocks.filter((b) => b.ast.properties.dataLabBlock === 'step');
const classes = (el: Element) => (Array.isArray(el.properties.className) ? el.properties.className.map(String) : []);
const decode = (code: unknown) => String(code).replace(/\u007f/g, '\n');

describe('a run step as a reader sees it', () => {
	it('shows "Step N" in its title bar, and "k3s only" (with the reason for screen readers) on a step marked k3s', async () => {
		const { blocks } = await render('k3s', { withRecord: false, edit: (s) => s.replace('```bash run exit=3', '```bash run exit=3 k3s') });
		const titles = stepBlocks(blocks).map((b) => selectAll('figcaption .title', b.ast)[0]!);
		// The visible words: the title without the marker's screen-reader sentence.
		expect(titles.map((t) => toText(t).replace(/: This step needs k3s itself.*$/, ''))).toEqual(['Step 1', 'Step 2', 'Step 3 k3s only', 'Step 4', 'Step 5']);
		const marker = selectAll('.lab-k3s', titles[2]!)[0]!;
		expect(toText(selectAll('.sr-only', marker)[0]!)).toMatch(/needs k3s itself/);
		expect(String(marker.properties.title)).toMatch(/needs k3s itself/);
		expect(stepBlocks(blocks).map((b) => b.ast.properties.dataK3s !== undefined)).toEqual([false, false, true, false, false]);
	});

	it('sets apart the checking shell from "# Check:" to the end, and still copies the whole command unchanged', async () => {
		const edit = (s: string) => s.replace('# the lab directory holds the file written above\nls\n', 'ls\n\n# Check: the file is there\ntest -f greeting.yaml && echo present\n');
		const { blocks, page, root } = await render('check', { withRecord: false, edit });
		const step2 = stepBlocks(blocks)[1]!;
		const lines = selectAll('.ec-line', step2.ast);
		expect(lines.map((l) => classes(l).filter((c) => c.startsWith('lab-check')))).toEqual([[], [], ['lab-check', 'lab-check-start'], ['lab-check']]);
		const lab = extractLab(path.relative(root, page), await readFile(page, 'utf8'))!;
		expect(copiedText(step2)).toBe(lab.runs[1]!.command);
		expect(lab.runs[1]!.command).toContain('# Check: the file is there');
	});
});

describe('a file block', () => {
	it('says which name to save it under and copies both its content and a here-document that writes it byte for byte', async () => {
		const { blocks, page, root } = await render('file', { withRecord: false });
		const file = blocks.find((b) => b.ast.properties.dataLabBlock === 'file')!;
		expect(file.ast.properties.dataFile).toBe('greeting.yaml');
		expect(toText(selectAll('.title', file.ast)[0]!)).toBe('greeting.yaml');
		expect(toText(selectAll('.lab-file__hint', file.ast)[0]!)).toContain('Save this as greeting.yaml');
		const lab = extractLab(path.relative(root, page), await readFile(page, 'utf8'))!;
		const step = lab.steps.find((s) => s.kind === 'file')!;
		const [raw, shell] = selectAll('.copy button', file.ast);
		expect(`${decode(raw!.properties.dataCode)}\n`).toBe(step.content);
		expect(shell!.properties.dataCopy).toBe('shell');
		expect(decode(shell!.properties.dataCode)).toBe(`cat > greeting.yaml <<'EOF'\n${step.content}EOF`);
	});

	it('picks a delimiter that is no line of the content, makes the folder of a nested path, and refuses content without its final newline', () => {
		expect(fileShellCommand({ path: 'a.sh', content: 'cat <<EOF\nhi\nEOF\n' })).toBe("cat > a.sh <<'EOF_'\ncat <<EOF\nhi\nEOF\nEOF_");
		expect(fileShellCommand({ path: 'k/base/x.yaml', content: 'a: 1\n' })).toBe("mkdir -p k/base && cat > k/base/x.yaml <<'EOF'\na: 1\nEOF");
		expect(() => fileShellCommand({ path: 'x.txt', content: 'no newline' })).toThrow(/x\.txt: found file content without a final newline/);
	});

	it('lists a follower\'s copies in page order: set-up, files and steps as the extractor has them, clean-up', async () => {
		const source = await readFile(path.resolve(import.meta.dirname, '../fixtures/labs/passing.mdx'), 'utf8');
		const lab = extractLab('tests/fixtures/labs/passing.mdx', source)!;
		const copies = followerCopies(lab, { setup: true, cleanup: true });
		expect(copies.map((c) => c.label)).toEqual(['set-up', 'file greeting.txt', 'step 1', 'step 2', 'step 3', 'step 4', 'step 5', 'clean-up']);
		expect(followerScript(copies.slice(1, 3))).toBe(`cat > greeting.txt <<'EOF'\nhello from a lab file\nEOF\ncat greeting.txt\n`);
	});
});

describe('output panel lines', () => {
	it('keeps the text of an output exactly, one line element per line, with its indentation as --i', () => {
		const body = 'NAME   READY\n  indented ... line\n\nlast';
		const lines = outputLines(body, 'output');
		expect(toText(h('pre', lines))).toBe(body);
		expect(lines.map((l) => l.properties.style)).toEqual([undefined, '--i:2', undefined, undefined]);
		// A real output is shown verbatim: its "..." is text, not a placeholder.
		expect(lines.flatMap((l) => selectAll('.lab-vary', l))).toHaveLength(0);
	});

	it('shows each "..." of an expectation as a placeholder that says what it means, and explains only the kinds it shows', () => {
		const lines = outputLines('pod/echo-... created\n...\ndone', 'expected');
		const chips = lines.flatMap((l) => selectAll('.lab-vary', l));
		expect(chips.map((c) => String(c.properties.title))).toEqual([VARIES_TEXT, ANY_LINES_TEXT]);
		expect(toText(h('pre', lines[0]!))).toBe(`pod/echo-varies(${VARIES_TEXT}) created\n`);
		expect(toText(h('pre', lines))).not.toContain('...');
		expect(toText(placeholderLegend('a ... b')!)).toBe('varies stands for text that differs from run to run (names, addresses, ports, ages).');
		expect(toText(placeholderLegend('...\nb')!)).toBe('any lines stands for lines that may or may not appear.');
		expect(placeholderLegend('no dots')).toBeUndefined();
	});
});

describe('readable code lines', () => {
	const text = (value: string) => ({ type: 'text' as const, value });
	const span = (value: string, colour = '#111') => h('span', { style: `--0:${colour}` }, value);
	const wholes = (out: ReturnType<typeof readableLine>) => (out ?? []).flatMap((n) => (n.type === 'element' && n.properties.dataWhole !== undefined ? [toText(n)] : []));

	it('keeps every word with a hyphen, dot or slash whole, splitting between words only, and keeps the text and colours', () => {
		const line = [span('kubectl'), span(' '), span('config'), span(' '), span('set-context'), span(' '), span('--current', '#222'), span(' '), span('--namespace=', '#333'), span('"$NS"', '#444')];
		const out = readableLine(line)!;
		expect(toText(h('div', out))).toBe('kubectl config set-context --current --namespace="$NS"');
		expect(wholes(out)).toEqual(['set-context', '--current', '--namespace="$NS"']);
		// Pure words need no wrapper, and each piece keeps its highlighting.
		expect(out.filter((n) => n.type === 'element' && n.tagName === 'span' && n.properties.style === '--0:#111').length).toBeGreaterThan(0);
		expect(selectAll('span[style="--0:#444"]', h('div', out))).toHaveLength(1);
	});

	it('adds no element a reader does not need: a one-colour word takes the mark on its own span (no class, so it keeps its colour), whitespace is bare text', () => {
		const out = readableLine([span('kubectl'), span(' '), span('--current', '#222'), span(' '), span('--for=', '#333'), span('create', '#444')])!;
		const tree = h('div', out);
		expect(toText(tree)).toBe('kubectl --current --for=create');
		// --current: one span with its colour and the mark, and no class (Expressive Code colours classless spans only);
		// --for=create (two colours): a wrapper around two spans.
		expect(selectAll(`span[${WHOLE_ATTRIBUTE}][style="--0:#222"]:not([class])`, tree)).toHaveLength(1);
		expect(selectAll(`span[${WHOLE_ATTRIBUTE}] > span`, tree).map((s) => toText(s))).toEqual(['--for=', 'create']);
		expect(out.filter((n) => n.type === 'text').map((n) => (n as { value: string }).value)).toEqual([' ', ' ']);
		expect(selectAll('span', tree)).toHaveLength(5);
	});

	it('cuts a word too long for a phone\'s row only after / = : (a dot between letters) and the like, each piece whole, with <wbr> between', () => {
		const out = readableLine([text('--image=registry.k8s.io/e2e-test-images/agnhost:2.66.1')])!;
		expect(toText(h('div', out))).toBe('--image=registry.k8s.io/e2e-test-images/agnhost:2.66.1');
		// A dot is a seam between letters only: never inside the version 2.66.1. Only pieces the browser
		// could break itself (after a hyphen, around a dot between digits) carry the mark.
		expect(wholes(out)).toEqual(['--image=', 'e2e-test-images/', '2.66.1']);
		expect(selectAll('wbr', h('div', out))).toHaveLength(6);
	});

	it('cuts after the last of a run of seam characters, and never leaves a row less than two characters', () => {
		const pieces = (word: string) => {
			const out = readableLine([text(word)])!;
			expect(toText(h('div', out))).toBe(word);
			return toText(h('div', out.map((n) => (n.type === 'element' && n.tagName === 'wbr' ? { type: 'text', value: '|' } : n)))).split('|');
		};
		expect(pieces('http://traefik.kube-system/blue')).toEqual(['http://', 'traefik.', 'kube-system/', 'blue']);
		expect(pieces(`jsonpath='{.status.conditions[?(@.type=="Ready")].status}{"\\n"}'`)).toEqual([
			"jsonpath=",
			"'{.status.",
			'conditions[?',
			'(@.type==',
			'"Ready")]',
			'.status}',
			`{"\\n"}'`,
		]);
	});

	it('draws a line with as few spans as its colours need: no mark on a piece with no break in it, one span per run of one colour', () => {
		const key = readableLine([span('metadata', '#111'), span(':', '#222')])!;
		expect(key.map((n) => (n.type === 'element' ? `${n.tagName}:${toText(n)}` : n.type))).toEqual(['span:metadata', 'span::']);
		const crd = readableLine([span('kubectl'), text(' '), span('get'), text(' '), span('crd/gatewayclasses.gateway.networking.k8s.io', '#222')])!;
		const tree = h('div', crd);
		expect(toText(tree)).toBe('kubectl get crd/gatewayclasses.gateway.networking.k8s.io');
		// "kubectl get" shares one span; the long name is one span with a break opportunity at each seam.
		expect(selectAll('span', tree).map((s) => toText(s))).toEqual(['kubectl get', 'crd/gatewayclasses.gateway.networking.k8s.io']);
		expect(selectAll('span[style="--0:#222"] > wbr', tree)).toHaveLength(5);
		expect(wholes(crd)).toEqual([]);
	});

	it("gives every line's .code element the same style and no line an inline style: indentation is a class per depth, never --ecMaxLine", async () => {
		const engine = newEngine(tmpdir());
		const { renderedGroupAst } = await engine.render({ code: 'apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: 80', language: 'yaml', meta: '' });
		const pre = selectAll('pre', renderedGroupAst)[0]!;
		expect(pre.properties.style ?? '').not.toMatch(/--ecMaxLine/);
		// Unindented lines take the hanging indent from the stylesheet; indented ones a class for their depth.
		expect(selectAll('.ec-line', pre).map((line) => line.properties.style ?? null)).toEqual([null, null, null, null, null]);
		expect(selectAll('.ec-line', pre).map((line) => getClassNames(line).filter((c) => c !== 'ec-line'))).toEqual([[], [], [], [indentClass(2)], [indentClass(4)]]);
		expect(selectAll('.ec-line > .code, .ec-line > .code > span.indent', pre).map((node) => node.properties.style ?? null)).toEqual(Array(7).fill(null));
		// The class gives the line its --ecIndent (depth plus hanging indent), and its indentation's spaces start that far to the left.
		const css = await engine.getBaseStyles();
		expect(css).toContain(`.expressive-code pre.wrap .ec-line.${indentClass(4)}{--ecIndent:${4 + HANGING_INDENT}ch}`);
		expect(css).toContain(`.expressive-code pre.wrap .ec-line.${indentClass(4)}>.code>.indent{margin-inline-start:-4ch}`);
	});

	it('keeps --ecIndent on a line indented deeper than the indentation classes go, its indentation pulled back inline', async () => {
		const deep = ' '.repeat(MAX_INDENT_CLASS + 2);
		const { renderedGroupAst } = await newEngine(tmpdir()).render({ code: `a:\n${deep}b: 1`, language: 'yaml', meta: '' });
		const line = selectAll('.ec-line', renderedGroupAst)[1]!;
		expect(line.properties.style).toBe(`--ecIndent:${deep.length + HANGING_INDENT}ch`);
		expect(selectAll('.code > span.indent', line).map((indent) => indent.properties.style)).toEqual([`margin-inline-start:-${deep.length}ch`]);
	});

	it("draws text in the block's own foreground colour in every theme without a span, and keeps every other colour", async () => {
		// Highlighted as the site highlights it (Shiki; here the default themes), unlike the engine of the tests above.
		const engine = new ExpressiveCodeEngine({ defaultProps: { wrap: true }, plugins: [pluginShiki(), pluginReadableLines()] });
		const { renderedGroupAst } = await engine.render({ code: 'spec:\n  ports: [80]', language: 'yaml', meta: '' });
		const lines = selectAll('.ec-line > .code', renderedGroupAst);
		expect(toText(selectAll('pre', renderedGroupAst)[0]!)).toBe('spec:\n  ports: [80]');
		// Shiki colours ":" and "[" with the block's foreground (engine.styleVariants' codeForeground): those runs are bare text.
		const coloured = lines.map((line) => selectAll('span[style]:not(.indent)', line).map((s) => toText(s)));
		expect(coloured).toEqual([['spec'], ['ports', '80']]);
	});

	it('leaves a line with anything but highlighting spans (a text marker) as it is', () => {
		expect(readableLine([h('mark', 'x-y')])).toBeUndefined();
	});
});
