/**
 * `npm run lab -- <page> [--cluster k3s|current] [--step] [--keep] [--yes]`:
 * walks a reader through one lab with the engine `verify` uses (extractor,
 * runner, checker), showing each command, its output, and whether it matched
 * the page. It never writes a record: outputs shown on the site come only from
 * `verify` on the pinned k3s. It reads the page's record (the one reader verify
 * and the site use) to say what the page shows, and refuses a bad one.
 *
 * Exit codes (see EXIT in lab/args.ts): 0 every step matched (or was skipped),
 * 1 a step did not match or the cluster could not start, 2 bad input or
 * refused, 130 interrupted or quit.
 * Hidden, for the docker test tier: `--cluster docker` runs the lab in a
 * busybox container (no Kubernetes).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkStep } from '../check/index.ts';
import { LabSyntaxError, readLab } from '../extract/index.ts';
import { k3sImage } from '../model/k3s-image.ts';
import type { Lab } from '../model/lab.ts';
import type { LabRecord } from '../model/record.ts';
import { BadRecordError, readRecord } from '../record/read-record.ts';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../run/busybox-image.ts';
import { installSignalCleanup, interrupted, track, untrack } from '../run/cleanup.ts';
import { clusterAvailability } from '../run/k3s-available.ts';
import { CurrentClusterTarget } from '../run/current-target.ts';
import { agentNodeName, SERVER_NODE_NAME } from '../run/k3s-plan.ts';
import { makeTarget } from '../run/make-target.ts';
import { QuitLab, ReaderTarget } from '../run/reader-target.ts';
import { runLab, type LabRun, type RunEvent, type StepChecker } from '../run/runner.ts';
import type { Target } from '../run/target.ts';
import { EXIT, HELP, parseLabArgs, USAGE, UsageError, type LabArgs } from './lab/args.ts';
import { keepInstructions } from './lab/keep.ts';
import { namespaceExists, readCurrentContext, writePrivateKubeconfig } from './lab/kubeconfig.ts';
import { readyNodeCount, tooFewNodes } from './lab/node-count.ts';
import { askStep, confirm, Prompter } from './lab/prompt.ts';
import { outputBlock, printer, promptedCommand, recordNote, stepHeading, verdict, type Printer } from './lab/show.ts';

/** Streams the CLI talks to; tests pass their own. */
export interface LabIo {
	stdin: NodeJS.ReadableStream & { isTTY?: boolean };
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WriteStream;
}

/** A target ready to run, or the exit code of a refusal (message already printed). */
type Prepared = { target: Target; privateDir?: string } | { exit: number };

/** For --cluster current: name the context, ask, make the private kubeconfig, and check the namespace is free. */
async function prepareCurrent(lab: Lab, args: LabArgs, io: LabIo, out: Printer, prompter: Prompter): Promise<Prepared> {
	const err = printer(io.stderr);
	const ns = lab.options.namespace;
	let context;
	try {
		context = await readCurrentContext();
	} catch (error) {
		err.line(`lab: ${(error as Error).message}. Nothing done.`);
		return { exit: EXIT.usage };
	}
	out.line(`Your current kubectl context is ${out.paint('bold', context.context)} (cluster ${context.cluster}, ${context.server}).`);
	out.line(
		`The lab creates namespace ${out.paint('bold', ns)} there, runs ${lab.runs.length} steps in it, and ${args.keep ? 'leaves it (--keep)' : 'deletes it at the end'}.`,
	);
	if (lab.options.nodes > 1) out.line(`It needs ${lab.options.nodes} Ready nodes (lab.nodes); the node count is checked first.`);
	out.line('Your kubeconfig is not changed: the lab works on a private copy.');
	if (!args.yes) {
		if (!io.stdin.isTTY) {
			err.line('lab: refusing to use your cluster without confirmation: no terminal to ask on. Run it in a terminal, or pass --yes. Nothing done.');
			return { exit: EXIT.usage };
		}
		if (!(await confirm(prompter, `Use context ${context.context}?`))) {
			out.line('Nothing done.');
			return { exit: EXIT.usage };
		}
	}
	const privateDir = await mkdtemp(join(tmpdir(), `labs-${ns}-`));
	try {
		const kubeconfig = await writePrivateKubeconfig(privateDir);
		if (await namespaceExists(kubeconfig, ns)) {
			err.line(
				`lab: namespace ${ns} already exists on ${context.context}; the lab needs a fresh one and will not touch it. Delete it first (${`kubectl delete namespace ${ns}`}) if it is left from an earlier run. Nothing done.`,
			);
			await rm(privateDir, { recursive: true, force: true });
			return { exit: EXIT.usage };
		}
		const needed = lab.options.nodes;
		const ready = needed > 1 ? await readyNodeCount(kubeconfig) : needed;
		if (ready < needed) {
			err.line(tooFewNodes(lab.file, needed, ready, context.context));
			await rm(privateDir, { recursive: true, force: true });
			return { exit: EXIT.usage };
		}
		return { target: new CurrentClusterTarget({ namespace: ns, kubeconfig, workDir: privateDir }), privateDir };
	} catch (error) {
		err.line(`lab: ${(error as Error).message}. Nothing done.`);
		await rm(privateDir, { recursive: true, force: true });
		return { exit: EXIT.mismatch };
	}
}

/** What the end of a run without --keep removed, per cluster kind. */
const CLEANED: Record<LabArgs['cluster'], (ns: string) => string> = {
	k3s: () => 'Removed the throwaway k3s.',
	current: (ns) => `Deleting namespace ${ns} (kubectl delete namespace --wait=false).`,
	docker: () => 'Removed the container.',
};

/** Prints the runner's progress as a reader wants to see it. */
function showEvents(lab: Lab, reader: ReaderTarget, out: Printer): (event: RunEvent) => void {
	const total = lab.runs.length;
	return (event) => {
		switch (event.type) {
			case 'boot':
				return;
			case 'ready':
				return out.line(out.paint('dim', `Ready after ${(event.ms / 1000).toFixed(1)} s.`));
			case 'step-start':
				reader.stepStarting(event.step, event.attempt);
				if (event.attempt === 1) {
					out.line();
					out.line(stepHeading(out, event.step, total));
					out.line(promptedCommand(out, event.step.command));
				}
				return;
			case 'step-retry':
				return out.line(out.paint('yellow', `… not as the page shows yet (attempt ${event.attempt}); trying again`));
			case 'step-done': {
				const o = event.outcome;
				if (reader.skipped.has(o.step.index)) return out.line(out.paint('yellow', '↷ skipped (not run)'));
				const shown = outputBlock(o.output);
				if (shown) out.line(shown);
				const note = [o.step.options.exit ? `, exit ${o.exitCode} as the page shows` : '', o.attempts > 1 ? ` after ${o.attempts} attempts` : ''].join('');
				return out.line(verdict(out, o.ok, o.problems, note));
			}
		}
	};
}

function where(args: LabArgs, lab: Lab, image: string): string {
	if (args.cluster === 'current') return 'your current kubectl context';
	if (args.cluster === 'docker') return `a busybox container (${image}, no Kubernetes)`;
	const nodes = lab.options.nodes;
	if (nodes === 1) return `a throwaway k3s (${image})`;
	const names = [SERVER_NODE_NAME, ...Array.from({ length: nodes - 1 }, (_, i) => agentNodeName(i + 1))];
	return `a throwaway k3s of ${nodes} nodes (${image}: ${names.join(', ')})`;
}

/** Explains how the lab ended; returns the exit code. */
function summarise(run: LabRun, reader: ReaderTarget, out: Printer, err: Printer): number {
	const total = run.lab.runs.length;
	const matched = run.steps.filter((s) => s.ok && !reader.skipped.has(s.step.index)).length;
	const skipped = reader.skipped.size;
	out.line();
	if (run.ok) {
		out.line(out.paint(['green', 'bold'], `All ${total} steps as the page shows`) + (skipped ? ` (${matched} matched, ${skipped} skipped by you).` : '.'));
		return EXIT.ok;
	}
	const failure = run.failure;
	if (failure?.phase === 'boot') err.line(`lab: the cluster did not start: ${failure.message}`);
	else if (failure?.phase === 'prelude') err.line(`lab: ${failure.message}:\n${failure.output.trim()}`);
	else if (failure && 'message' in failure) err.line(`lab: ${failure.message}`);
	else if (failure?.phase === 'step') {
		const step = failure.outcome.step;
		out.line(out.paint(['red', 'bold'], `Step ${step.index + 1} of ${total} did not match the page`) + ` (${step.position.file}:${step.position.line}); the lab stops here.`);
	}
	if (run.diagnostics?.trim()) out.line(out.paint('dim', `\nDiagnostics from the ${run.target === 'current' ? 'cluster' : run.target} target:\n${run.diagnostics.trim()}`));
	return EXIT.mismatch;
}

/** The CLI; resolves with the exit code. */
export async function main(argv: string[], io: LabIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
	const out = printer(io.stdout);
	const err = printer(io.stderr);
	let args: LabArgs;
	try {
		const parsed = parseLabArgs(argv);
		if (parsed === 'help') {
			out.line(HELP);
			return EXIT.ok;
		}
		args = parsed;
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		err.line(`lab: ${error.message}\n${USAGE}`);
		return EXIT.usage;
	}

	const image = args.cluster === 'docker' ? BUSYBOX_IMAGE : k3sImage();
	let lab: Lab | null;
	try {
		lab = await readLab(args.page, { image });
	} catch (error) {
		if (!(error instanceof LabSyntaxError)) throw error;
		err.line(error.message);
		return EXIT.usage;
	}
	if (!lab) {
		err.line(`lab: ${args.page} is not a lab (it has no run steps); expected a page with \`\`\`bash run blocks.`);
		return EXIT.usage;
	}
	let record: LabRecord | null;
	try {
		record = await readRecord(lab.file);
	} catch (error) {
		if (!(error instanceof BadRecordError)) throw error;
		err.line(error.message);
		return EXIT.usage;
	}

	const prompter = new Prompter(io.stdin, io.stdout);
	try {
		out.line(`${out.paint('bold', lab.title)}  ${out.paint('dim', `${lab.file}, ${lab.runs.length} step${lab.runs.length === 1 ? '' : 's'}`)}`);
		out.line(out.paint('dim', recordNote(lab, record)));
		let prepared: Prepared;
		if (args.cluster === 'current') prepared = await prepareCurrent(lab, args, io, out, prompter);
		else if (args.cluster === 'docker') {
			await ensureBusyboxImage();
			prepared = { target: makeTarget('docker', lab) };
		} else {
			out.line(out.paint('dim', `Checking that Docker can run ${image}…`));
			const available = await clusterAvailability(image);
			if (!available.ok) {
				err.line(`lab: cannot start a throwaway k3s: ${available.reason}. Use --cluster current to run on your own cluster.`);
				return EXIT.mismatch;
			}
			prepared = { target: makeTarget('k3s', lab) };
		}
		if ('exit' in prepared) return prepared.exit;

		const reader = new ReaderTarget(prepared.target, {
			keep: args.keep,
			ask: args.step ? (step) => askStep(prompter, step, (t) => out.paint('cyan', t)) : undefined,
		});
		const check: StepChecker = (step, actual) => (reader.skipped.has(step.index) ? { ok: true, problems: [] } : checkStep(step, actual));
		out.line(out.paint('dim', `Running on ${where(args, lab, image)}${args.cluster === 'current' ? '' : '; starting it can take a minute'}…`));
		// Ctrl-C always cleans up, even with --keep: the runner's stop is bypassed by tracking the inner target.
		track(prepared.target);
		installSignalCleanup((line) => err.line(line));
		let run: LabRun | undefined;
		try {
			run = await runLab(lab, reader, { check, onEvent: showEvents(lab, reader, out), now: () => Date.now() - reader.pausedMs });
		} catch (error) {
			// The runner may pass the reader's quit through as an error rather than a failed run.
			if (!(error instanceof QuitLab)) throw error;
		} finally {
			untrack(prepared.target);
		}
		// Interrupted: the signal handler is removing everything and exits 130; a run cut short has nothing to report.
		if (interrupted()) return EXIT.interrupted;
		if (reader.quitBefore || !run) {
			out.line();
			out.line(`Stopped before step ${(reader.quitBefore?.index ?? 0) + 1} of ${lab.runs.length}, as you asked.`);
			if (args.keep) for (const line of await keepInstructions(args.cluster, prepared.target, lab.options.namespace, prepared.privateDir)) out.line(line);
			else out.line(out.paint('dim', CLEANED[args.cluster](lab.options.namespace)));
			return EXIT.interrupted;
		}
		const code = summarise(run, reader, out, err);
		if (args.keep) for (const line of await keepInstructions(args.cluster, prepared.target, lab.options.namespace, prepared.privateDir)) out.line(line);
		else out.line(out.paint('dim', CLEANED[args.cluster](lab.options.namespace)));
		return code;
	} finally {
		prompter.close();
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	// Ryuk would remove a --keep cluster when this process exits; clean-up is ours (cleanup.ts).
	process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
	main(process.argv.slice(2)).then(
		(code) => {
			// After SIGINT/SIGTERM the signal handler exits (130) once every container and network is gone.
			if (!interrupted()) process.exit(code);
		},
		(error: unknown) => {
			if (interrupted()) return;
			process.stderr.write(`lab: ${(error as Error).stack ?? String(error)}\n`);
			process.exit(1);
		},
	);
}
