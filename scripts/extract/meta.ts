/**
 * Classifies a fenced code block by its language and meta string, and
 * validates the lab options in the meta. The meta is tokenised with Expressive
 * Code's own MetaOptions parser, so the site plugin and the extractor read a
 * block's meta the same way (quotes, `key=value`, flags).
 */
import { MetaOptions, type MetaOption } from '@expressive-code/core';
import { z } from 'zod';
import { MAX_STEP_SECONDS, RUN_DEFAULTS, RunOptionsSchema, type RunOptions } from '../model/lab.ts';

/** Shell languages: a block in one of these must say `run`, `norun` or `file=`. */
export const SHELL_LANGS: ReadonlySet<string> = new Set(['bash', 'sh', 'shell', 'console', 'zsh']);

/** Shell languages whose blocks can be `run`: the runner executes a POSIX shell script. */
export const RUNNABLE_LANGS: ReadonlySet<string> = new Set(['bash', 'sh', 'shell']);

/** A meta value as written (`timeout=60`), turned into the model's number and checked by its schema. */
const wholeNumber = (field: z.ZodNumber) => z.string().regex(/^\d+$/, 'a whole number').transform(Number).pipe(field);

/** The value options of a run block; each is a string in the meta, validated by the model's RunOptionsSchema. */
export const RunMetaSchema = z.strictObject({
	/** Seconds before the step is killed. @default 120 */
	timeout: wholeNumber(RunOptionsSchema.shape.timeout).default(RUN_DEFAULTS.timeout),
	/** Seconds during which the step is re-run until its expectation holds. @default 0 */
	retry: wholeNumber(RunOptionsSchema.shape.retry).default(RUN_DEFAULTS.retry),
	/** Exit code the page means to show. @default 0 */
	exit: wholeNumber(RunOptionsSchema.shape.exit).default(RUN_DEFAULTS.exit),
});

/** The bare word on a run block marking a step that needs k3s itself (ServiceLB, Traefik, the node's tools). */
export const K3S_FLAG = 'k3s';

/** What each value option looks like, for error messages. */
const RUN_OPTION_SHAPES: Record<string, string> = {
	timeout: `timeout=SECONDS (a whole number from 1 to ${MAX_STEP_SECONDS})`,
	retry: `retry=SECONDS (a whole number from 0 to ${MAX_STEP_SECONDS})`,
	exit: 'exit=CODE (a whole number from 0 to 255)',
};

/** A block's role on a lab page. */
export type BlockKind =
	| { kind: 'run'; options: RunOptions }
	| { kind: 'norun' }
	| { kind: 'file'; path: string }
	| { kind: 'expect' }
	| { kind: 'plain' };

/** A problem found in a fence's meta; the caller adds file and line. */
export interface MetaProblem {
	found: string;
	expected: string;
	hint: string;
}

/** The result of classifying one fence. */
export interface Classified {
	block: BlockKind;
	problems: MetaProblem[];
}

function fence(lang: string, meta: string): string {
	return `\`\`\`${lang}${meta ? ` ${meta}` : ''}`;
}

function isFlag(option: MetaOption, key: string): boolean {
	return option.key === key && option.kind === 'boolean';
}

/**
 * Reads a fence's language and meta into a block kind and its options, or
 * problems. Flags (`run`, `norun`, `expect`, and `k3s` on a run block) are bare words; values
 * (`file=`, `timeout=`, `retry=`, `exit=`) use `key=value`, quotes allowed.
 * Run, file and expect blocks accept only their own options, so a typo such
 * as `timout=30` fails instead of being ignored. `norun` blocks are display
 * only and may carry any Expressive Code option (title, markers…).
 */
export function classifyFence(lang: string | null | undefined, meta: string | null | undefined): Classified {
	const language = (lang ?? '').trim();
	const metaText = (meta ?? '').trim();
	const problems: MetaProblem[] = [];
	const parsed = new MetaOptions(metaText);
	const options = parsed.list().sort((a, b) => a.index - b.index);
	const shown = fence(language, metaText);

	for (const error of parsed.errors ?? []) {
		problems.push({ found: `${shown} (${error})`, expected: 'a meta string of words and key=value pairs', hint: 'quote values that contain spaces, e.g. file="my file.yaml"' });
	}

	if (language === 'run' || language === 'norun' || language === 'expect') {
		problems.push({
			found: `${shown} (\`${language}\` in the language position)`,
			expected: 'a language before the meta, e.g. ```bash run or ```text expect',
			hint: `write the language first, then \`${language}\``,
		});
		return { block: { kind: 'plain' }, problems };
	}

	const has = (key: string) => options.some((o) => o.key === key);
	const isShell = SHELL_LANGS.has(language);

	if (has('file')) {
		const fileOpts = options.filter((o) => o.key === 'file');
		const first = fileOpts[0]!;
		const path = first.kind === 'string' ? first.value : '';
		if (!path) problems.push({ found: `\`${first.raw.trim()}\` in ${shown}`, expected: 'file=NAME with a relative path, e.g. file=echo.yaml', hint: 'give the file a name inside the lab directory' });
		if (fileOpts.length > 1) problems.push({ found: `${fileOpts.length} file= options in ${shown}`, expected: 'one file= option per block', hint: 'split the block into one block per file' });
		for (const o of options) {
			if (o.key === 'file') continue;
			problems.push({
				found: `unknown meta option \`${o.raw.trim()}\` in the file block ${shown}`,
				expected: 'only file=NAME on a file block',
				hint: 'a file block is written to disk, never run or displayed with other options; remove the option',
			});
		}
		return { block: { kind: 'file', path }, problems };
	}

	if (has('run') || has('norun')) {
		const run = options.find((o) => o.key === 'run');
		const norun = options.find((o) => o.key === 'norun');
		if (run && norun) {
			problems.push({ found: `both run and norun in ${shown}`, expected: 'either run or norun', hint: 'keep run to execute the block in the lab, or norun to show it only' });
			return { block: { kind: 'plain' }, problems };
		}
		if (norun) {
			if (!isFlag(norun, 'norun')) problems.push({ found: `\`${norun.raw.trim()}\` in ${shown}`, expected: 'norun as a bare word', hint: 'write norun without a value' });
			return { block: { kind: 'norun' }, problems };
		}
		if (!isFlag(run!, 'run')) problems.push({ found: `\`${run!.raw.trim()}\` in ${shown}`, expected: 'run as a bare word', hint: 'write run without a value, e.g. ```bash run timeout=60' });
		if (!RUNNABLE_LANGS.has(language)) {
			problems.push({
				found: `run on a ${language || 'plain'} block (${shown})`,
				expected: `run only on ${[...RUNNABLE_LANGS].join(', ')} blocks (the runner executes a POSIX shell script)`,
				hint: isShell
					? `write the commands without prompts in a \`\`\`bash run block, or mark this block norun`
					: 'use ```bash run for commands; use file=NAME to write this block to disk',
			});
			return { block: { kind: 'plain' }, problems };
		}
		const values: Record<string, string> = {};
		const seen = new Set<string>();
		let k3s = false;
		for (const o of options) {
			if (o.key === 'run') continue;
			if (o.key === K3S_FLAG) {
				if (!isFlag(o, K3S_FLAG)) problems.push({ found: `\`${o.raw.trim()}\` in ${shown}`, expected: `${K3S_FLAG} as a bare word`, hint: `write ${K3S_FLAG} without a value: it marks a step that needs k3s itself` });
				k3s = true;
				continue;
			}
			const key = o.key ?? '';
			if (!(key in RUN_OPTION_SHAPES)) {
				problems.push({
					found: `unknown meta option \`${o.raw.trim()}\` in ${shown}`,
					expected: `only ${Object.values(RUN_OPTION_SHAPES).join(', ')} or the word ${K3S_FLAG} after run`,
					hint: 'check the spelling; display options are not allowed on run blocks',
				});
				continue;
			}
			if (seen.has(key)) {
				problems.push({ found: `${key}= given twice in ${shown}`, expected: `one ${key}= option`, hint: `keep one ${key}= value` });
				continue;
			}
			seen.add(key);
			if (o.kind !== 'string') {
				problems.push({ found: `\`${o.raw.trim()}\` in ${shown}`, expected: RUN_OPTION_SHAPES[key]!, hint: `give ${key} a value, e.g. ${key}=${key === 'exit' ? 1 : 60}` });
				continue;
			}
			values[key] = o.value;
		}
		const result = RunMetaSchema.safeParse(values);
		if (!result.success) {
			for (const issue of result.error.issues) {
				const key = String(issue.path[0] ?? '');
				problems.push({
					found: `bad option value \`${key}=${values[key] ?? ''}\` in ${shown}`,
					expected: RUN_OPTION_SHAPES[key] ?? 'a valid option value',
					hint: key === 'exit' ? 'exit= is the exit code the step is meant to end with, e.g. exit=1' : `${key}= is in seconds, e.g. ${key}=60`,
				});
			}
			return { block: { kind: 'run', options: { ...RUN_DEFAULTS, k3s } }, problems };
		}
		return { block: { kind: 'run', options: { ...result.data, k3s } }, problems };
	}

	if (isShell && has('expect')) {
		problems.push({
			found: `${shown}, an expectation in a shell block`,
			expected: 'the output in a ```text expect block',
			hint: 'an expectation is output, not commands: change the language to text (or txt)',
		});
		return { block: { kind: 'plain' }, problems };
	}

	if (isShell) {
		problems.push({
			found: `${shown}, a shell block that is neither run nor norun`,
			expected: `\`\`\`${language} run or \`\`\`${language} norun`,
			hint: 'add run to execute it in the lab, or norun if readers should only see it (nothing escapes verification silently)',
		});
		return { block: { kind: 'plain' }, problems };
	}

	if (has('expect')) {
		for (const o of options) {
			if (isFlag(o, 'expect')) continue;
			problems.push({
				found: `unknown meta option \`${o.raw.trim()}\` in the expect block ${shown}`,
				expected: 'only the word expect, e.g. ```text expect',
				hint: 'an expectation takes no options; put timeout=/retry=/exit= on the run block before it',
			});
		}
		return { block: { kind: 'expect' }, problems };
	}

	return { block: { kind: 'plain' }, problems };
}
