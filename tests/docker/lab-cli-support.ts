/**
 * Runs `npm run lab` (scripts/cli/lab.ts) as a child process the way a reader
 * does, with piped or pseudo-terminal input, and collects what it printed.
 */
import { spawn, spawnSync } from 'node:child_process';

/** What one CLI run printed and how it exited. */
export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

const CLI = ['--import', 'tsx', 'scripts/cli/lab.ts'];

/** The environment of a reader without colour preferences, no Ryuk (nothing can be pulled here). */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, TESTCONTAINERS_RYUK_DISABLED: 'true' };
	delete env.FORCE_COLOR;
	delete env.NO_COLOR;
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

/**
 * The environment of a reader's colour terminal. CI runs have no TERM and set
 * CI, and Node then reports a terminal without colours; a reader's has them.
 */
export function ttyEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return cliEnv({ TERM: 'xterm-256color', CI: undefined, ...extra });
}

/** Runs the CLI with args; `input` is written to its stdin (then closed), otherwise stdin is empty. */
export function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...CLI, ...args], { env: options.env ?? cliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
		child.stdin.end(options.input ?? '');
	});
}

/** Whether util-linux `script` is here to give the CLI a pseudo-terminal. */
export function hasScript(): boolean {
	return spawnSync('script', ['--version']).status === 0;
}

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`) and answers each
 * prompt matching `prompt` with the next answer, only once it has appeared, as
 * a person at the keyboard would. The transcript is everything the terminal showed.
 */
export function runCliOnTty(args: string[], prompt: RegExp, answers: string[], env: NodeJS.ProcessEnv = ttyEnv()): Promise<CliResult> {
	const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
	const command = [process.execPath, ...CLI, ...args].map(quote).join(' ');
	return new Promise((resolve, reject) => {
		const child = spawn('script', ['-qefc', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let answered = 0;
		const global = new RegExp(prompt.source, 'g');
		child.stdout.on('data', (c: Buffer) => {
			stdout += c.toString();
			const seen = [...stdout.matchAll(global)].length;
			while (answered < seen && answered < answers.length) child.stdin.write(`${answers[answered++]}\r`);
		});
		let stderr = '';
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

/** The text without ANSI colour codes and carriage returns. */
export function plain(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/\x1b\[[0-9;]*m/g, '').replaceAll('\r', '');
}
