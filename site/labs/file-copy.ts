/**
 * The shell command a reader copies to create a lab file: a quoted
 * here-document that writes exactly the bytes the runner writes
 * (FileStep.content, trailing newline included). The file block's second copy
 * button gives it, so a follower who copies the blocks in order gets the file
 * before the step that reads it.
 */
import { quote } from 'shell-quote';
import { heredocDelimiter } from '../../scripts/bundle/lab-script.ts';
import type { FileStep } from '../../scripts/model/lab.ts';

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
