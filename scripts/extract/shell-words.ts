/**
 * Reads a run block's shell text as simple commands (words and redirections),
 * with shell-quote's parser: the common ground of the rules that look inside
 * commands (the files a step uses, the page rules in scripts/lint). Heredoc
 * bodies and comments are not commands; a line the parser cannot read (an
 * unbalanced quote) is skipped, since the shell will report it when it runs.
 */
import { parse, type ParseEntry } from 'shell-quote';
import { posix } from 'node:path';

/** One simple command: its words in order, its redirections, and the 0-based line of the block it starts on. */
export interface SimpleCommand {
	words: string[];
	/** Redirections such as `> out.txt` or `< in.yaml`: the operator and the word after it. */
	redirects: { op: string; target: string | undefined }[];
	line: number;
	/** Started in the background (`cmd &`): the shell goes on without waiting for it. */
	background?: true;
}

/** A logical line (backslash continuations joined) and the heredoc bodies that follow it. */
interface LogicalLine {
	text: string;
	line: number;
	heredocs: string[];
}

const SEPARATORS = new Set([';', '&&', '||', '|', '&', '(', ')', ';;', '|&']);
const PREFIX_WORDS = new Set(['sudo', 'time', 'env', 'command', 'exec', 'nohup']);

/** Splits a command into logical lines (backslash continuations joined), setting heredoc bodies apart. */
function logicalLines(command: string): LogicalLine[] {
	const raw = command.split('\n');
	const out: LogicalLine[] = [];
	let i = 0;
	while (i < raw.length) {
		const start = i;
		let text = raw[i]!;
		while (text.endsWith('\\') && i + 1 < raw.length) {
			i += 1;
			text = `${text.slice(0, -1)} ${raw[i]}`;
		}
		i += 1;
		const heredocs: string[] = [];
		for (const match of text.matchAll(/<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
			const strip = match[1] === '-';
			const delimiter = match[3]!;
			const body: string[] = [];
			while (i < raw.length && (strip ? raw[i]!.replace(/^\t+/, '') : raw[i]) !== delimiter) body.push(raw[i++]!);
			i += 1;
			heredocs.push(body.join('\n'));
		}
		out.push({ text, line: start, heredocs });
	}
	return out;
}

/** The operator of a token ('' for words, globs and comments); a string, since shell-quote also emits <<, <<- and >|. */
function opOf(entry: ParseEntry): string {
	return typeof entry === 'object' && entry !== null && 'op' in entry && entry.op !== 'glob' ? String(entry.op) : '';
}

/**
 * The simple commands of a shell text, in order: split at `;`, `&&`, `||`,
 * `|`, `&` and parentheses (so an unquoted `$(…)` is a command of its own).
 * A glob stands as the word `$glob`; variables keep their `$NAME` spelling.
 */
export function simpleCommands(command: string): SimpleCommand[] {
	const commands: SimpleCommand[] = [];
	for (const { text, line } of logicalLines(command)) {
		let tokens: ParseEntry[];
		try {
			tokens = parse(text, (key) => `$${key}`);
		} catch {
			continue;
		}
		let current: SimpleCommand = { words: [], redirects: [], line };
		const finish = () => {
			if (current.words.length || current.redirects.length) commands.push(current);
			current = { words: [], redirects: [], line };
		};
		for (let t = 0; t < tokens.length; t++) {
			const token = tokens[t]!;
			if (typeof token === 'string') {
				current.words.push(token);
				continue;
			}
			const op = opOf(token);
			if (!op) {
				if ('comment' in token) break;
				current.words.push('$glob');
			} else if (SEPARATORS.has(op)) {
				if (op === '&') current.background = true;
				finish();
			}
			else {
				const target = tokens[t + 1];
				current.redirects.push({ op, target: typeof target === 'string' ? target : undefined });
				t += 1;
			}
		}
		finish();
	}
	return commands;
}

/** The bodies of the here-documents in a shell text, in order. */
export function hereDocuments(command: string): string[] {
	return logicalLines(command).flatMap((l) => l.heredocs);
}

/** The program a simple command runs and its arguments, past `NAME=value` assignments and wrappers such as `sudo`; `k3s kubectl` is `kubectl`. */
export function programOf(words: readonly string[]): { program: string; args: string[] } {
	let k = 0;
	while (k < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k]!) || PREFIX_WORDS.has(words[k]!))) k += 1;
	const program = posix.basename(words[k] ?? '');
	const args = words.slice(k + 1);
	return program === 'k3s' && args[0] === 'kubectl' ? { program: 'kubectl', args: args.slice(1) } : { program, args };
}

/** kubectl sub-commands whose -f/-k name manifests (elsewhere -f may mean "follow"). */
export const KUBECTL_FILE_VERBS: ReadonlySet<string> = new Set([
	'apply', 'create', 'replace', 'diff', 'delete', 'get', 'describe', 'edit', 'label', 'annotate',
	'patch', 'wait', 'expose', 'autoscale', 'scale', 'set', 'rollout', 'convert', 'events',
]);
/** Other kubectl sub-commands: where one of these comes first, -f is not a manifest. */
const KUBECTL_OTHER_VERBS: ReadonlySet<string> = new Set([
	'logs', 'exec', 'attach', 'port-forward', 'cp', 'run', 'top', 'cordon', 'uncordon', 'drain', 'taint',
	'proxy', 'auth', 'config', 'api-resources', 'api-versions', 'cluster-info', 'version', 'explain',
	'debug', 'certificate', 'plugin', 'kustomize', 'completion', 'alpha', 'options',
]);

/**
 * A kubectl command line read as kubectl reads it: its sub-command (global
 * flags such as `-n NS` may come before it), its own arguments up to `--`,
 * those after the sub-command, and the words after `--` (the command that
 * `exec`, `run` or `debug` runs in a pod).
 */
export function kubectlVerb(args: readonly string[]): { verb: string | undefined; own: string[]; rest: string[]; inPod: string[] } {
	const end = args.indexOf('--');
	const own = end === -1 ? [...args] : args.slice(0, end);
	const at = own.findIndex((a) => KUBECTL_FILE_VERBS.has(a) || KUBECTL_OTHER_VERBS.has(a));
	return { verb: own[at], own, rest: at === -1 ? [] : own.slice(at + 1), inPod: end === -1 ? [] : args.slice(end + 1) };
}
