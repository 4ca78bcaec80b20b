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
import { posix } from 'node:path';
import { KUBECTL_FILE_VERBS, kubectlVerb, programOf, simpleCommands } from './shell-words.ts';

/** Extensions that mark an argument as a lab file. */
export const LAB_FILE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json', '.sh', '.txt', '.conf'];

const KUBECTL_FILE_FLAGS = new Set(['-f', '--filename', '-k', '--kustomize']);
const WRITE_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>']);

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

/** Whether a word names a lab file: a relative path with a lab-file extension, not a URL, `-`, variable or absolute path. */
export function isLabFileArgument(word: string): boolean {
	if (!word || word === '-' || word.includes('$') || word.includes('://')) return false;
	if (word.startsWith('/') || word.startsWith('~')) return false;
	const lower = word.toLowerCase();
	return LAB_FILE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Reads the files of one simple command. */
function simpleCommand(words: string[], line: number, result: CommandFiles): void {
	const { program, args } = programOf(words);
	const read = (written: string, via: string) => {
		if (isLabFileArgument(written)) result.events.push({ kind: 'read', ref: { path: normaliseLabPath(written), written, line, via } });
	};
	const write = (written: string) => {
		if (written && !written.includes('$') && !written.startsWith('/')) result.events.push({ kind: 'write', path: normaliseLabPath(written) });
	};
	if (program === 'kubectl') {
		const { verb, own } = kubectlVerb(args);
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
	for (const { words, redirects, line } of simpleCommands(command)) {
		for (const { op, target } of redirects) {
			if (target === undefined) continue;
			if (WRITE_REDIRECTS.has(op)) result.events.push({ kind: 'write', path: normaliseLabPath(target) });
			else if (op === '<' && isLabFileArgument(target)) {
				result.events.push({ kind: 'read', ref: { path: normaliseLabPath(target), written: target, line, via: 'input redirect <' } });
			}
		}
		simpleCommand(words, line, result);
	}
	return result;
}
