/**
 * How `npm run lab` prints a lab as it runs: each command as a reader would
 * type it, its output as the terminal showed it, and a verdict against the
 * page. Colour comes from node's styleText, which drops it when the stream is
 * not a terminal or NO_COLOR is set (and honours FORCE_COLOR).
 */
import { styleText } from 'node:util';
import type { Lab, RunStep } from '../../model/lab.ts';
import type { LabRecord } from '../../model/record.ts';
import { staleReason } from '../../record/lab-record.ts';

type Style = Parameters<typeof styleText>[0];

/** A writer of lines with colour decided by its stream. */
export interface Printer {
	line(text?: string): void;
	paint(style: Style, text: string): string;
}

/** A printer over a stream (stdout by default). */
export function printer(stream: NodeJS.WriteStream = process.stdout): Printer {
	return {
		line: (text = '') => void stream.write(`${text}\n`),
		paint: (style, text) => styleText(style, text, { stream }),
	};
}

/** The command as a reader types it: `$ ` before the first line, `> ` before continuation lines. */
export function promptedCommand(p: Printer, command: string): string {
	return command
		.replace(/\n$/, '')
		.split('\n')
		.map((line, i) => `${p.paint('dim', i === 0 ? '$' : '>')} ${p.paint('bold', line)}`)
		.join('\n');
}

/** The heading of a step: number, total and where it is on the page. */
export function stepHeading(p: Printer, step: RunStep, total: number): string {
	const where = `${step.position.file}:${step.position.line}`;
	const options = [step.options.exit ? `exit=${step.options.exit}` : '', step.options.retry ? `retry=${step.options.retry}` : '']
		.filter(Boolean)
		.join(' ');
	return `${p.paint(['cyan', 'bold'], `Step ${step.index + 1}/${total}`)} ${p.paint('dim', `${where}${options ? `  ${options}` : ''}`)}`;
}

/** The output block, exactly as produced (a missing final newline is added so the verdict starts on its own line). */
export function outputBlock(output: string): string {
	if (output === '') return '';
	return output.endsWith('\n') ? output.slice(0, -1) : output;
}

/** One verdict line, plus the checker's problems (a diff for a mismatch) indented under it. */
export function verdict(p: Printer, ok: boolean, problems: string[], note = ''): string {
	if (ok) return p.paint('green', `✓ matches the page${note}`);
	const head = p.paint(['red', 'bold'], '✗ does not match the page');
	return [head, ...problems.map((problem) => problem.replace(/^/gm, '  '))].join('\n');
}

/** What the page shows under its commands (recorded outputs, fresh or out of date, or expected ones), so a reader knows what they compare with. */
export function recordNote(lab: Lab, record: LabRecord | null): string {
	if (!record) return 'The page shows expected outputs: no run of this lab is recorded yet.';
	const run = `the ${record.target} run of ${record.recordedAt.slice(0, 10)} (${record.serverVersion === 'none' ? record.image : record.serverVersion})`;
	const stale = staleReason(lab, record, record.target);
	return stale ? `The page's recorded outputs, from ${run}, are out of date: ${stale}.` : `The page shows the outputs of ${run}.`;
}
