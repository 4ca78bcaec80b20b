/**
 * What a reader cannot read on a page, measured in the browser: a code block or
 * output panel that hides part of a line (scrolls sideways or clips) with no
 * cue, a wrapped line whose continuation is not marked, a command line that
 * wraps inside a word a reader would type, a copy button lying over code, and
 * an indented code line not drawn at its indentation.
 * `readabilityProblems` runs inside the page (page.evaluate), so it may use
 * only browser APIs and nothing from its module.
 */

/** One thing a reader cannot read, with where it is. */
export interface ReadabilityProblem {
	/** Which rule: clipped, unmarked-wrap, split-token, copy-over-code, lost-indent. */
	kind: 'clipped' | 'unmarked-wrap' | 'split-token' | 'copy-over-code' | 'lost-indent';
	/** Where: the step or block, and the line's text (shortened). */
	where: string;
}

/** What the measure looked at, so a test can tell an empty page from a readable one. */
export interface ReadabilityReport {
	panels: number;
	codeBlocks: number;
	wrappedLines: number;
	problems: ReadabilityProblem[];
}

/**
 * Measures every output panel and every Expressive Code block of the page as
 * laid out now. Runs in the browser: pass it to page.evaluate.
 */
export function readabilityProblems(): ReadabilityReport {
	const problems: ReadabilityProblem[] = [];
	const short = (text: string) => (text.length > 70 ? `${text.slice(0, 67)}...` : text).replace(/\s+/g, ' ').trim();
	const nameOf = (el: Element): string => {
		const step = el.closest('[data-step]')?.getAttribute('data-step');
		const file = el.closest('[data-file]')?.getAttribute('data-file');
		const block = el.closest('[data-lab-block]')?.getAttribute('data-lab-block');
		const title = el.closest('.frame')?.querySelector('.title')?.textContent;
		if (el.closest('.lab-output')) return `output of step ${el.closest('.lab-output')?.getAttribute('data-step')}`;
		if (step) return `step ${step}`;
		if (file) return `file ${file}`;
		if (block) return `${block} block`;
		return title ? `block "${title}"` : 'code block';
	};

	/** The text nodes under el in document order, each with whether a <wbr> came right before it. */
	const textNodes = (el: Element): { node: Text; afterWbr: boolean }[] => {
		const out: { node: Text; afterWbr: boolean }[] = [];
		const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
		let afterWbr = false;
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			if (n.nodeType === Node.ELEMENT_NODE) {
				if ((n as Element).tagName === 'WBR') afterWbr = true;
				continue;
			}
			const text = n as Text;
			if (text.data.length === 0) continue;
			// Text a sighted reader never sees (visually hidden, for screen readers) takes no room in the line.
			if (text.parentElement?.closest('.sr-only')) continue;
			out.push({ node: text, afterWbr });
			afterWbr = false;
		}
		return out;
	};

	/** One rect per character (skipping zero-size ones), with the character and whether it follows a <wbr>. */
	const charBoxes = (el: Element) => {
		const range = document.createRange();
		const boxes: { ch: string; rect: DOMRect; afterWbr: boolean }[] = [];
		for (const { node, afterWbr } of textNodes(el)) {
			for (let i = 0; i < node.data.length; i++) {
				range.setStart(node, i);
				range.setEnd(node, i + 1);
				const rects = range.getClientRects();
				const rect = rects[rects.length - 1];
				if (!rect || (rect.width === 0 && rect.height === 0)) continue;
				boxes.push({ ch: node.data[i]!, rect, afterWbr: afterWbr && i === 0 });
			}
		}
		return boxes;
	};

	/** Rows of a line: groups of character boxes by their top. */
	const rowsOf = (boxes: ReturnType<typeof charBoxes>) => {
		const rows: (typeof boxes)[] = [];
		let top = Number.NaN;
		for (const box of boxes) {
			if (!(Math.abs(box.rect.top - top) < box.rect.height / 2)) {
				rows.push([]);
				top = box.rect.top;
			}
			rows.at(-1)!.push(box);
		}
		return rows;
	};

	/**
	 * The line marks every continuation row, down to the last: a gradient in its
	 * own background that starts within the first row's height and reaches into
	 * the last row, or (forced colours) a visible ::after box that does.
	 */
	const continuationMarked = (line: Element, rows: { rect: DOMRect }[][]): boolean => {
		const style = getComputedStyle(line);
		const box = line.getBoundingClientRect();
		const rowHeight = parseFloat(style.lineHeight) || rows[0]![0]!.rect.height;
		const lastRow = rows.at(-1)![0]!.rect.top - box.top;
		const px = (value: string) => {
			const calc = /^calc\(100% - ([\d.]+)px\)$/.exec(value);
			return calc ? box.height - parseFloat(calc[1]!) : value === 'auto' || value === '100%' ? box.height : parseFloat(value);
		};
		if (style.backgroundImage.includes('gradient')) {
			const tops = style.backgroundPositionY.split(', ').map(px);
			const heights = style.backgroundSize.split(', ').map((size) => px(size.includes(' ') ? size.slice(size.indexOf(' ') + 1) : 'auto'));
			if (tops.some((top, i) => top <= rowHeight * 1.25 && top + heights[i]! > lastRow)) return true;
		}
		const after = getComputedStyle(line, '::after');
		const drawn = parseFloat(after.borderInlineStartWidth) > 0;
		const shown = after.content !== 'none' && after.content !== 'normal' && after.display !== 'none' && after.visibility !== 'hidden';
		return shown && drawn && parseFloat(after.top) + parseFloat(after.height) > lastRow;
	};

	let wrappedLines = 0;
	const checkLine = (line: Element, kind: 'command' | 'output') => {
		const boxes = charBoxes(line);
		const rows = rowsOf(boxes);
		if (rows.length < 2) return;
		wrappedLines++;
		const text = boxes.map((b) => b.ch).join('');
		if (!continuationMarked(line, rows)) problems.push({ kind: 'unmarked-wrap', where: `${nameOf(line)}: "${short(text)}"` });
		// The continuation starts indented under the line's own start (a hanging indent).
		const firstLeft = rows[0]![0]!.rect.left;
		const firstNonSpace = rows[0]!.find((b) => b.ch.trim() !== '')?.rect.left ?? firstLeft;
		for (const row of rows.slice(1)) {
			if (row[0]!.rect.left < firstNonSpace + 1) problems.push({ kind: 'unmarked-wrap', where: `${nameOf(line)}: continuation not indented: "${short(text)}"` });
		}
		if (kind !== 'command') return;
		for (const row of rows.slice(1)) {
			const start = boxes.indexOf(row[0]!);
			const before = boxes[start - 1];
			if (!before || before.ch.trim() === '' || row[0]!.afterWbr) continue;
			const from = Math.max(0, start - 20);
			problems.push({ kind: 'split-token', where: `${nameOf(line)}: "${short(text.slice(from, start))}⏎${short(text.slice(start, start + 20))}"` });
		}
	};

	const clipped = (el: Element, what: string) => {
		const box = el as HTMLElement;
		if (box.scrollWidth > box.clientWidth + 1) problems.push({ kind: 'clipped', where: `${what}: ${box.scrollWidth - box.clientWidth} px hidden sideways` });
		if (box.scrollHeight > box.clientHeight + 1) problems.push({ kind: 'clipped', where: `${what}: ${box.scrollHeight - box.clientHeight} px hidden below` });
	};

	const panels = [...document.querySelectorAll('.lab-output__body')];
	for (const panel of panels) {
		clipped(panel, nameOf(panel));
		const lines = panel.querySelectorAll('.lab-line');
		for (const line of lines) checkLine(line, 'output');
		if (lines.length === 0 && (panel.textContent ?? '').length > 0) {
			// An unstructured panel: any wrapping at all is unmarked.
			const rows = rowsOf(charBoxes(panel));
			const lineCount = (panel.textContent ?? '').split('\n').length;
			if (rows.length > lineCount) problems.push({ kind: 'unmarked-wrap', where: `${nameOf(panel)}: ${rows.length - lineCount} wrapped rows with no marker` });
		}
	}

	/** Each indented line of a block starts its code as many columns right of an unindented line's start as it has spaces. */
	const checkIndentation = (pre: Element, lines: Element[]) => {
		const firsts = lines.map((line) => {
			const indent = line.querySelector(':scope > .indent')?.textContent?.length ?? 0;
			const first = charBoxes(line).find((b) => b.ch.trim() !== '');
			return first ? { line, indent, left: first.rect.left, width: first.rect.width } : undefined;
		});
		const start = firsts.find((f) => f && f.indent === 0);
		if (!start) return;
		for (const f of firsts) {
			if (!f || f.indent === 0) continue;
			const expected = start.left + f.indent * f.width;
			if (Math.abs(f.left - expected) > 1.5) {
				problems.push({ kind: 'lost-indent', where: `${nameOf(pre)}: "${short(f.line.textContent ?? '')}" starts ${Math.round(f.left - start.left)} px in, ${f.indent} columns are ${Math.round(f.indent * f.width)} px` });
			}
		}
	};

	const blocks = [...document.querySelectorAll('.expressive-code pre')];
	for (const pre of blocks) {
		if (!(pre as HTMLElement).offsetParent) continue;
		clipped(pre, nameOf(pre));
		const lines = [...pre.querySelectorAll('.ec-line .code')];
		for (const line of lines) checkLine(line, 'command');
		if (pre.querySelector('.indent')) checkIndentation(pre, lines);
		const frame = pre.closest('.frame');
		for (const button of frame?.querySelectorAll('.copy button') ?? []) {
			const b = button.getBoundingClientRect();
			if (b.width === 0) continue;
			for (const line of lines) {
				for (const { ch, rect } of charBoxes(line)) {
					if (ch.trim() === '') continue;
					if (rect.right > b.left && rect.left < b.right && rect.bottom > b.top && rect.top < b.bottom) {
						problems.push({ kind: 'copy-over-code', where: `${nameOf(pre)}: copy button over "${short(line.textContent ?? '')}"` });
						break;
					}
				}
			}
		}
	}
	return { panels: panels.length, codeBlocks: blocks.length, wrappedLines, problems };
}
