/**
 * Errors for bad lab pages. Authors fix pages from the message alone, so every
 * problem says where (file:line), what was found, what was expected and a hint.
 */

/** One problem on a page. */
export interface LabProblem {
	/** Page path relative to the project root. */
	file: string;
	/** 1-based line in the page. */
	line: number;
	/** What the page holds, quoted as the author wrote it where possible. */
	found: string;
	/** What the authoring contract expects there. */
	expected: string;
	/** How to fix it. */
	hint: string;
}

/** Renders one problem as `file:line: found …; expected …` plus an indented hint line. */
export function formatProblem(problem: LabProblem): string {
	return `${problem.file}:${problem.line}: found ${problem.found}; expected ${problem.expected}\n  hint: ${problem.hint}`;
}

/**
 * Thrown by the extractor for a page that breaks the authoring contract. It
 * carries every problem found on the page (so an author fixes them in one go);
 * its own fields describe the first one, in page order.
 */
export class LabSyntaxError extends Error {
	readonly file: string;
	readonly line: number;
	readonly found: string;
	readonly expected: string;
	readonly hint: string;
	/** All problems (of one page, or of several from extractAll), sorted by file and line; the first is mirrored in the fields above. */
	readonly problems: readonly LabProblem[];

	constructor(problems: LabProblem | readonly LabProblem[]) {
		const list = (Array.isArray(problems) ? [...problems] : [problems as LabProblem]).sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
		const first = list[0];
		if (!first) throw new TypeError('LabSyntaxError needs at least one problem');
		super(list.map(formatProblem).join('\n'));
		this.name = 'LabSyntaxError';
		this.file = first.file;
		this.line = first.line;
		this.found = first.found;
		this.expected = first.expected;
		this.hint = first.hint;
		this.problems = list;
	}
}

/** Collects problems while a page is walked, then throws them together. */
export class ProblemList {
	readonly items: LabProblem[] = [];
	readonly file: string;
	// A plain field, not a parameter property: Node's type stripping (used when
	// ec.config.mjs imports this through the site plugin) rejects those.
	constructor(file: string) {
		this.file = file;
	}

	/** Records a problem at a page line. */
	add(line: number, found: string, expected: string, hint: string): void {
		this.items.push({ file: this.file, line, found, expected, hint });
	}

	/** Throws a LabSyntaxError when any problem was recorded. */
	throwIfAny(): void {
		if (this.items.length) throw new LabSyntaxError(this.items);
	}
}
