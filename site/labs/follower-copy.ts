/**
 * What a follower copies from a lab page, block by block: the namespace
 * set-up, each file as a shell command that writes it, each step's command,
 * and the clean-up. The page's copy buttons give exactly these texts (the site
 * tier clicks them all), and run in order they do what the runner does (the
 * docker tier runs them for the fixture labs).
 */
import { quote } from 'shell-quote';
import { heredocDelimiter } from '../../scripts/bundle/lab-script.ts';
import type { FileStep, Lab } from '../../scripts/model/lab.ts';
import { namespaceSetup, namespaceTeardown } from '../../scripts/model/namespace.ts';

/**
 * The shell command that creates a lab file: a quoted here-document writing
 * exactly the bytes the runner writes (FileStep.content, trailing newline
 * included), so a follower who copies the blocks in order has the file before
 * the step that reads it. The file block's second copy button gives it.
 */
/** The here-document delimiter the copied command prefers (made longer when the content holds it as a line). */
export const FILE_DELIMITER = 'EOF';

/**
 * `cat > echo.yaml <<'EOF'` … `EOF`, preceded by `mkdir -p` for a path in a
 * folder. The delimiter is quoted, so the shell expands nothing in the body,
 * and it never occurs as a line of the content, so the body ends where the
 * content ends. No trailing newline: like a run step's copy, the reader's
 * Enter finishes it.
 */
export function fileShellCommand(step: Pick<FileStep, 'path' | 'content'>): string {
	if (!step.content.endsWith('\n')) {
		throw new Error(`${step.path}: found file content without a final newline; expected FileStep.content as the extractor writes it (the block's code plus "\\n").\n  hint: a here-document always ends its body with a newline.`);
	}
	const delimiter = heredocDelimiter(step.content, FILE_DELIMITER);
	const target = quote([step.path]);
	const folder = step.path.includes('/') ? `mkdir -p ${quote([step.path.slice(0, step.path.lastIndexOf('/'))])} && ` : '';
	return `${folder}cat > ${target} <<'${delimiter}'\n${step.content}${delimiter}`;
}

/** The part of a lab page a copy comes from (the wrappers' `data-lab-block`). */
export type LabBlockKind = 'setup' | 'file' | 'step' | 'cleanup';

/** One copy button's text, in page order. */
export interface FollowerCopy {
	block: LabBlockKind;
	/** For a reader and a failure message: "set-up", "file echo.yaml", "step 3", "clean-up". */
	label: string;
	text: string;
}

/**
 * Every copy a follower makes, in page order: the set-up (when the page shows
 * it), the lab's files and steps as the extractor has them, and the clean-up
 * (when the page shows it).
 */
export function followerCopies(lab: Lab, shown: { setup: boolean; cleanup: boolean }): FollowerCopy[] {
	const { namespace } = lab.options;
	return [
		...(shown.setup ? [{ block: 'setup' as const, label: 'set-up', text: namespaceSetup(namespace) }] : []),
		...lab.steps.map((step): FollowerCopy =>
			step.kind === 'file'
				? { block: 'file', label: `file ${step.path}`, text: fileShellCommand(step) }
				: { block: 'step', label: `step ${step.index + 1}`, text: step.command },
		),
		...(shown.cleanup ? [{ block: 'cleanup' as const, label: 'clean-up', text: namespaceTeardown(namespace) }] : []),
	];
}

/** The copies pasted one after the other into one shell, as a script (each ends with the Enter the reader presses). */
export function followerScript(copies: readonly FollowerCopy[]): string {
	return copies.map((c) => `${c.text}\n`).join('');
}
