/**
 * Finds the lab files a run command reads and the files it writes, so the
 * extractor can reject a command that uses a file no earlier step provides.
 *
 * The rule (documented in CONTRIBUTING.md), applied to each simple command of
 * a run block, line by line (heredoc bodies and comments are skipped):
 * - reads: the value of `-f`/`--filename`/`-k`/`--kustomize` of kubectl
 *   sub-commands that take manifests (apply, create, replace, diff, delete,
 *   get, describe, …), every plain argument of `cat`, the script argument of
 *   `sh`/`bash`/`source`/`.`, and the target of an input redirect `< x`;
 * - a read counts only if it is a relative path with a lab-file extension
 *   (.yaml .yml .json .sh .txt .conf); URLs, `-`, absolute paths, `~` paths,
 *   globs and words holding `$` are exempt, as is anything after `--` in
 *   `kubectl exec` (paths inside the container);
 * - writes: targets of `>`/`>>`/`>|`, arguments of `tee`, the last argument of
 *   `cp`/`mv`, `touch` arguments, and `curl -o`/`wget -O`.
 * After a `cd`, relative paths can no longer be resolved, so the rest of the
 * lab is not checked (no false alarms).
 */
import { parse, type ParseEntry } from 'shell-quote';
import { posix } from 'node:path';

/** Extensions that mark an argument as a lab file. */
export const LAB_FILE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json', '.sh', '.txt', '.conf'];

/** kubectl sub-commands whose -f/-k name manifests (elsewhere -f may mean "follow"). */
const KUBECTL_FILE_VERBS = new Set([
	'apply', 'create', 'replace', 'diff', 'delete', 'get', 'describe', 'edit', 'label', 'annotate',
	'patch', 'wait', 'expose', 'autoscale', 'scale', 'set', 'rollout', 'convert', 'events',
]);
/** Other kubectl sub-commands: where one of these comes first, -f is not a manifest. */
const KUBECTL_OTHER_VERBS = new Set([
	'logs', 'exec', 'attach', 'port-forward', 'cp', 'run', 'top', 'cordon', 'uncordon', 'drain', 'taint',
	'proxy', 'auth', 'config', 'api-resources', 'api-versions', 'cluster-info', 'version', 'explain',
	'debug', 'certificate', 'plugin', 'kustomize', 'completion', 'alpha', 'options',
]);
const KUBECTL_FILE_FLAGS = new Set(['-f', '--filename', '-k', '--kustomize']);
const SEPARATORS = new Set([';', '&&', '||', '|', '&', '(', ')', ';;', '|&']);
const WRITE_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>']);
const PREFIX_WORDS = new Set(['sudo', 'time', 'env', 'command', 'exec', 'nohup']);

/** A file a command reads. */
export interface FileReference {
	/** Normalised relative path, as a file block would declare it. */
	path: string;
	/** The argument as written. */
	written: string;
	/** 0-based line within the command text. */
	line: number;
	/** The command that reads it, e.g. `kubectl apply -f` (ends with `=` when the value was attached with `=`). */
	via: string;
}

/** What one command text reads and writes, in order. */
export interface CommandFiles {
	/** Reads and writes in command order; a read may be satisfied by an earlier write. */
	events: FileEvent[];
}

/** A read, a write, or a change of directory (after which relative paths cannot be resolved). */
export type FileEvent = { kind: 'read'; ref: FileReference } | { kind: 'write'; path: string } | { kind: 'cd'; line: number };

/** Normalises a relative path the way file blocks are keyed (`./a//b.yaml` → `a/b.yaml`). */
export function normaliseLabPath(path: string): string {
	return posix.normalize(path).replace(/^\.\//, '');
}

function isLabFileArgument(word: string): boolean {
	if (!word || word === '-' || word.includes('$') || word.includes('://')) return false;
	if (word.startsWith('/') || word.startsWith('~')) return false;
	const lower = word.toLowerCase();
	return LAB_FILE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** The operator of a token ('' for words, globs and comments); typed as string since shell-quote also emits <<, <<- and >|. */
function opOf(entry: ParseEntry): string {
	return typeof entry === 'object' && entry !== null && 'op' in entry && entry.op !== 'glob' ? String(entry.op) : '';
}

/** Splits a command into logical lines (backslash continuations joined), skipping heredoc bodies. */
function logicalLines(command: string): { text: string; line: number }[] {
	const raw = command.split('\n');
	const out: { text: string; line: number }[] = [];
	let i = 0;
	while (i < raw.length) {
		const start = i;
		let text = raw[i]!;
		while (text.endsWith('\\') && i + 1 < raw.length) {
			i += 1;
			text = `${text.slice(0, -1)} ${raw[i]}`;
		}
		i += 1;
		out.push({ text, line: start });
		// Heredocs: skip their bodies up to the delimiter line.
		for (const match of text.matchAll(/<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
			const strip = match[1] === '-';
			const delimiter = match[3]!;
			while (i < raw.length && (strip ? raw[i]!.replace(/^\t+/, '') : raw[i]) !== delimiter) i += 1;
			i += 1;
		}
	}
	return out;
}

/** Reads the files of one simple command (already split at operators). */
function simpleCommand(words: string[], line: number, result: CommandFiles): void {
	let k = 0;
	while (k < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k]!) || PREFIX_WORDS.has(words[k]!))) k += 1;
	const program = posix.basename(words[k] ?? '');
	let args = words.slice(k + 1);
	const read = (written: string, via: string) => {
		if (isLabFileArgument(written)) result.events.push({ kind: 'read', ref: { path: normaliseLabPath(written), written, line, via } });
	};
	const write = (written: string) => {
		if (written && !written.includes('$') && !written.startsWith('/')) result.events.push({ kind: 'write', path: normaliseLabPath(written) });
	};
	let kubectl = program === 'kubectl';
	if (program === 'k3s' && args[0] === 'kubectl') {
		kubectl = true;
		args = args.slice(1);
	}
	if (kubectl) {
		const end = args.indexOf('--');
		const own = end === -1 ? args : args.slice(0, end);
		// The sub-command is the first known verb (global flags such as -n NS may come before it).
		const verb = own.find((a) => KUBECTL_FILE_VERBS.has(a) || KUBECTL_OTHER_VERBS.has(a));
		if (!verb || !KUBECTL_FILE_VERBS.has(verb)) return;
		for (let a = 0; a < own.length; a++) {
			const arg = own[a]!;
			if (KUBECTL_FILE_FLAGS.has(arg)) read(own[++a] ?? '', `kubectl ${verb} ${arg}`);
			else {
				const eq = arg.match(/^(-f|--filename|-k|--kustomize)=(.*)$/);
				if (eq) read(eq[2]!, `kubectl ${verb} ${eq[1]}=`);
			}
		}
		return;
	}
	switch (program) {
		case 'cat':
			for (const a of args) if (!a.startsWith('-')) read(a, 'cat');
			return;
		case 'sh':
		case 'bash':
		case 'source':
		case '.': {
			if (args.some((a) => a === '-c' || /^-[a-z]*c[a-z]*$/.test(a))) return;
			const script = args.find((a) => !a.startsWith('-'));
			if (script) read(script, program);
			return;
		}
		case 'tee':
			for (const a of args) if (!a.startsWith('-')) write(a);
			return;
		case 'touch':
			for (const a of args) if (!a.startsWith('-')) write(a);
			return;
		case 'cp':
		case 'mv': {
			const plain = args.filter((a) => !a.startsWith('-'));
			if (plain.length >= 2) write(plain[plain.length - 1]!);
			return;
		}
		case 'curl':
		case 'wget':
			for (let a = 0; a < args.length; a++) if (args[a] === (program === 'curl' ? '-o' : '-O')) write(args[a + 1] ?? '');
			return;
		case 'cd':
		case 'pushd':
		case 'popd':
			result.events.push({ kind: 'cd', line });
			return;
	}
}

/**
 * Lists, in order, the lab files a run command reads and writes (see the
 * module comment for the rule). Line numbers are 0-based within `command`.
 */
export function commandFiles(command: string): CommandFiles {
	const result: CommandFiles = { events: [] };
	for (const { text, line } of logicalLines(command)) {
		let tokens: ParseEntry[];
		try {
			tokens = parse(text, (key) => `$${key}`);
		} catch {
			continue; // Unbalanced quotes and the like: the shell will report it when the step runs.
		}
		let words: string[] = [];
		for (let t = 0; t < tokens.length; t++) {
			const token = tokens[t]!;
			if (typeof token === 'string') {
				words.push(token);
				continue;
			}
			const op = opOf(token);
			if (!op) {
				if ('comment' in token) break;
				words.push('$glob'); // A glob stands for files the rule cannot know.
				continue;
			}
			if (SEPARATORS.has(op)) {
				simpleCommand(words, line, result);
				words = [];
			} else if (WRITE_REDIRECTS.has(op)) {
				const target = tokens[++t];
				if (typeof target === 'string') result.events.push({ kind: 'write', path: normaliseLabPath(target) });
			} else if (op === '<') {
				const target = tokens[++t];
				if (typeof target === 'string' && isLabFileArgument(target)) {
					result.events.push({ kind: 'read', ref: { path: normaliseLabPath(target), written: target, line, via: 'input redirect <' } });
				}
			} else {
				t += 1; // <<, <<-, >&, <& and friends take one word that is not a lab file.
			}
		}
		simpleCommand(words, line, result);
	}
	return result;
}
