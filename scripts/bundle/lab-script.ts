/**
 * Writes a lab as a POSIX `lab.sh`: the same steps the runner executes, in page
 * order, as one shell session, for readers who follow a lab on their own
 * cluster without this repository. Generated from the extractor's Lab, never
 * by hand, so the script cannot drift from the page.
 */
import { quote } from 'shell-quote';
import { ELLIPSIS, normaliseLine, PLACEHOLDER, splitLines } from '../check/index.ts';
import type { Lab, RunStep, Step } from '../model/lab.ts';
import { k3sStepNumbers, listNumbers, needsTraefik } from '../model/k3s-features.ts';
import { namespaceSetup, namespaceTeardown } from '../model/namespace.ts';
import { pageUrl, stepUrl } from '../model/pages.ts';

/** Seconds lab.sh waits between attempts of a retry= step. */
export const RETRY_PAUSE_SECONDS = 2;

/** Turn text into `# ` comment lines (blank lines stay comments too). */
function comment(text: string, indent = ''): string {
	return text
		.replace(/\n$/, '')
		.split('\n')
		.map((line) => `#${line || indent ? ` ${indent}${line}` : ''}`.trimEnd())
		.join('\n');
}

/**
 * A here-document delimiter that does not occur as a line of the body, so any
 * command text (even one holding here-documents of its own) survives verbatim.
 */
export function heredocDelimiter(body: string, base: string): string {
	const lines = new Set(body.split('\n'));
	let delimiter = base;
	while (lines.has(delimiter)) delimiter += '_';
	return delimiter;
}

/** What the checker turns volatile values into (normaliseLine), each of which matches anything in lab.sh's gate. */
const VOLATILE = new RegExp(`(${[...Object.values(PLACEHOLDER), ELLIPSIS].map(regexLiteral).join('|')}| {2,})`);

/** One single-quoted shell word (shell-quote would escape a URL's # with a backslash instead). */
function singleQuoted(text: string): string {
	return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Escapes a string for use inside a RegExp. */
function regexLiteral(text: string): string {
	return text.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
}

/** Escapes POSIX glob characters so text matches itself in a `case` pattern. */
function globLiteral(text: string): string {
	return text.replace(/[\\*?[]/g, '\\$&');
}

/**
 * Glob patterns (one per line) that a retry= step's output must match, in
 * order, before lab.sh moves on: the authored expectation normalised as the
 * checker does, with every volatile value, "..." and column gap turned into
 * `*`. Looser than the checker on purpose: it only decides when to stop
 * waiting, and never fails a step (at the end of the budget the exit code decides).
 */
export function retryPatterns(expectation: string): string[] {
	return splitLines(expectation)
		.map((line) => normaliseLine(line))
		.filter((line) => line.trim() !== '' && line.trim() !== ELLIPSIS)
		.map((line) => {
			let pattern = '';
			let wild = false;
			for (const [i, part] of line.split(VOLATILE).entries()) {
				if (i % 2 === 1) {
					if (!wild) pattern += '*';
					wild = true;
				} else if (part) {
					pattern += globLiteral(part);
					wild = false;
				}
			}
			// A trailing * tolerates trailing blanks the checker trims.
			return wild ? pattern : `${pattern}*`;
		});
}

/** Marker opening each run step in lab.sh; tests parse the script back by it. */
export const STEP_MARKER = '# --- step';

/** Seconds lab.sh waits for a namespace being deleted (an earlier run's clean-up) to go. */
export const NAMESPACE_WAIT_SECONDS = 300;

/**
 * The shell helpers every lab.sh starts with. Globals are prefixed `lab_` so a
 * page's own variables are unlikely to collide (POSIX sh has no `local`).
 */
const PRELUDE = String.raw`
# Under bash, POSIX mode makes export -p print export lines, which stay global
# when loaded inside a function (declare -x lines would become local).
if [ -n "$BASH_VERSION" ]; then set -o posix; fi

# lab_ask QUESTION: true when the reader at the terminal answers yes.
lab_ask() {
	printf '%s [y/N] ' "$1"
	read -r lab_answer || lab_answer=
	case $lab_answer in [yY]*) return 0 ;; *) return 1 ;; esac
}

# lab_fail MESSAGE: stop with the reason, then offer the clean-up (or print it).
lab_fail() {
	printf '\nlab.sh: %s\n' "$1" >&2
	lab_offer_cleanup
	exit 1
}

# Once the namespace exists: clean up now when the reader says so, else say how.
lab_offer_cleanup() {
	[ "$lab_made" = 1 ] && [ "$lab_cleaning" != 1 ] || return 0
	if [ -t 0 ] && lab_ask "Clean up now (delete namespace $lab_ns)?"; then
		lab_cleanup && return 0
	fi
	printf 'Namespace %s is left as it is, to look into. Clean up with:\n%s\n' "$lab_ns" "$lab_teardown" | sed '2,$s/^/  /' >&2
}

# Reads a step's command from standard input (a quoted here-document) into lab_cmd.
lab_read() {
	lab_cmd=
	while IFS= read -r lab_line || [ -n "$lab_line" ]; do
		lab_cmd="$lab_cmd$lab_line
"
	done
}

# lab_step: run lab_cmd the way the verified runs do: in a subshell with set -e
# (a failing command stops the step) and stdin empty, saving the exported
# variables and the working directory on exit, which this shell then loads, so
# export and cd carry on to the next step as in one terminal session.
lab_step() {
	(
		trap lab_save EXIT
		set -e
		eval "$lab_cmd"
	) </dev/null
	lab_rc=$?
	if [ -s "$lab_state" ]; then . "$lab_state"; fi
	return "$lab_rc"
}
lab_save() {
	lab_rc=$?
	trap - EXIT
	{ export -p; printf "cd '%s'\n" "$(printf '%s' "$PWD" | sed "s/'/'\\\\''/g")"; } > "$lab_state"
	exit "$lab_rc"
}

# Reads the glob patterns of a retry= step's expected output into lab_expect.
lab_read_expect() {
	lab_expect=
	while IFS= read -r lab_line || [ -n "$lab_line" ]; do
		lab_expect="$lab_expect$lab_line
"
	done
}

# lab_matches FILE: every pattern of lab_expect matches a line of FILE, in order.
lab_matches() {
	lab_pending=$lab_expect
	while IFS= read -r lab_o || [ -n "$lab_o" ]; do
		[ -z "$lab_pending" ] && break
		lab_p=${'$'}{lab_pending%%"$lab_nl"*}
		case $lab_o in
			$lab_p) lab_pending=${'$'}{lab_pending#*"$lab_nl"} ;;
		esac
	done < "$1"
	[ -z "$lab_pending" ]
}

# lab_run LABEL WHERE EXPECTED_EXIT RETRY_SECONDS: echo lab_cmd, run it, and
# re-run a retry= step until its exit code is the expected one and, when the
# page shows an output, until the output looks like it (lab_expect).
lab_run() {
	lab_label=$1 lab_at=$2 lab_want=$3 lab_retry=$4
	printf '\n== %s (%s)\n' "$lab_label" "$lab_at"
	printf '%s' "$lab_cmd" | sed -e '1s/^/$ /' -e '2,$s/^/> /'
	lab_deadline=$(( $(date +%s) + lab_retry ))
	while :; do
		if [ -n "$lab_expect" ]; then
			lab_step > "$lab_out" 2>&1
			lab_rc=$?
			cat "$lab_out"
			if [ "$lab_rc" -eq "$lab_want" ] && lab_matches "$lab_out"; then break; fi
		else
			lab_step
			lab_rc=$?
			[ "$lab_rc" -eq "$lab_want" ] && break
		fi
		if [ "$(date +%s)" -ge "$lab_deadline" ]; then
			if [ "$lab_rc" -eq "$lab_want" ]; then
				printf '(after %s s the output still differs from the page; going on)\n' "$lab_retry"
				break
			fi
			lab_expect=
			lab_fail "$lab_label exited $lab_rc, but the page expects $lab_want. Stopping here. The step on the page: $lab_at"
		fi
		printf '(not as the page shows yet: trying again in %s s)\n' ${RETRY_PAUSE_SECONDS}
		sleep ${RETRY_PAUSE_SECONDS}
	done
	lab_expect=
	if [ "$lab_want" -ne 0 ]; then
		printf '(exit %s, as the page shows)\n' "$lab_rc"
	fi
}

# lab_k3s_step NUMBER: before a step the page marks k3s, say so on another cluster.
lab_k3s_step() {
	[ "$lab_k3s" = 1 ] && return 0
	printf '\n(Step %s needs k3s itself; the nodes of %s do not report a k3s kubelet, so it may fail or print something else.)\n' "$1" "$lab_context"
}
`;

/**
 * The checks before anything is created, each refusing with the reason and a
 * way on: kubectl, a current context, enough Ready nodes (nodeCheck), the
 * controller the lab needs (controllerCheck), and a namespace left from an
 * earlier run (still there: delete it only when the reader says so; being
 * deleted: wait for it). Then the one confirmation.
 */
function preflight(lab: Lab): string {
	const { namespace, nodes } = lab.options;
	const ns = quote([namespace]);
	const checks = [nodeCheck(nodes), controllerCheck(lab), k3sProbe(lab)].filter(Boolean).join('\n');
	return String.raw`
cd "$(dirname "$0")" || exit 2
lab_ns=${ns}
lab_made=0 lab_cleaning=0
# Everything lab.sh and the steps write to a temporary file (its own state, the
# set-up's kubeconfig copy, mktemp in a step) goes into one private directory,
# removed on exit.
lab_tmp=$(mktemp -d) || { echo 'lab.sh: cannot make a temporary directory (mktemp -d). Nothing done.' >&2; exit 2; }
trap 'rm -rf "$lab_tmp"' EXIT
trap 'printf "\nlab.sh: interrupted.\n" >&2; lab_offer_cleanup; exit 130' INT TERM
export TMPDIR="$lab_tmp"
lab_state="$lab_tmp/state"
lab_out="$lab_tmp/out"
lab_nl='
'
lab_expect=
if ! command -v kubectl >/dev/null 2>&1; then
	echo 'lab.sh: kubectl is not on PATH. Install it and point it at a cluster you can experiment on. Nothing done.' >&2
	exit 2
fi
if ! lab_context=$(kubectl config current-context 2>/dev/null); then
	echo 'lab.sh: kubectl has no current context (no kubeconfig, or none chosen). Choose one with kubectl config use-context NAME. Nothing done.' >&2
	exit 2
fi
echo "lab.sh: kubectl context: $lab_context, namespace: $lab_ns"
${checks ? `${checks}\n` : ''}lab_question="Create namespace $lab_ns there and run the steps?"
lab_phase=$(kubectl get namespace "$lab_ns" -o jsonpath='{.status.phase}' 2>/dev/null)
case $lab_phase in
	Active)
		echo "lab.sh: namespace $lab_ns already exists on $lab_context (left from an earlier run?); the lab starts in a fresh one."
		if [ "$LAB_YES" = 1 ] || [ ! -t 0 ]; then
			echo "lab.sh: delete it if it is yours (kubectl delete namespace $lab_ns), then run lab.sh again; or answer yes at a terminal to have it deleted. Nothing done." >&2
			exit 2
		fi
		lab_question="Delete namespace $lab_ns and everything in it, create it afresh and run the steps?" ;;
	Terminating)
		echo "lab.sh: namespace $lab_ns is still being deleted (an earlier clean-up); lab.sh waits for it to go (up to ${NAMESPACE_WAIT_SECONDS} s)." ;;
esac
if [ "$LAB_YES" != 1 ]; then
	if [ -t 0 ]; then
		lab_ask "$lab_question" || { echo 'lab.sh: nothing done.'; exit 2; }
	else
		echo 'lab.sh: no terminal to ask for confirmation; set LAB_YES=1 to run anyway. Nothing done.' >&2
		exit 2
	fi
fi
if [ "$lab_phase" = Active ]; then
	kubectl delete namespace "$lab_ns" --timeout=${NAMESPACE_WAIT_SECONDS}s || { echo "lab.sh: could not delete namespace $lab_ns (see above). Nothing else done." >&2; exit 1; }
elif [ "$lab_phase" = Terminating ]; then
	kubectl wait --for=delete "namespace/$lab_ns" --timeout=${NAMESPACE_WAIT_SECONDS}s >/dev/null 2>&1 || {
		echo "lab.sh: namespace $lab_ns is still being deleted after ${NAMESPACE_WAIT_SECONDS} s; a finalizer may hold it (kubectl get namespace $lab_ns -o yaml shows why). Run lab.sh again once it is gone. Nothing done." >&2
		exit 2
	}
fi
`;
}

/**
 * For a lab on more than one node (lab.nodes): refuse, before asking or
 * creating anything, when the current context has fewer Ready nodes.
 */
export function nodeCheck(nodes: number): string {
	if (nodes <= 1) return '';
	const jsonpath = quote(['{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}']);
	return [
		`lab_ready=$(kubectl get nodes -o jsonpath=${jsonpath} 2>/dev/null | grep -c '^True$')`,
		`if [ "\${lab_ready:-0}" -lt ${nodes} ]; then`,
		`\techo "lab.sh: this lab needs ${nodes} Ready nodes (lab.nodes); context $lab_context has \${lab_ready:-0}. Use a cluster with more nodes. Nothing done." >&2`,
		'\texit 2',
		'fi',
	].join('\n');
}

/**
 * For a lab that keeps k3s's bundled Traefik (needsTraefik): refuse at once,
 * naming what is missing, when the context has neither the HelmChart k3s
 * installs Traefik from nor its Deployment, instead of letting the page's
 * waits run out minutes later.
 */
export function controllerCheck(lab: Pick<Lab, 'options'>): string {
	if (!needsTraefik(lab.options)) return '';
	return [
		'if ! kubectl -n kube-system get helmchart traefik >/dev/null 2>&1 && ! kubectl -n kube-system get deployment traefik >/dev/null 2>&1; then',
		'\techo "lab.sh: this lab needs the Traefik that k3s installs (HelmChart or Deployment traefik in namespace kube-system); context $lab_context has neither. Use a k3s cluster started without --disable=traefik. Nothing done." >&2',
		'\texit 2',
		'fi',
	].join('\n');
}

/** For a lab with steps marked k3s: whether the context's nodes run k3s (kubeletVersion v1.x.y+k3sN), asked once. */
function k3sProbe(lab: Lab): string {
	if (k3sStepNumbers(lab).length === 0) return '';
	const jsonpath = quote(['{.items[*].status.nodeInfo.kubeletVersion}']);
	return `case $(kubectl get nodes -o jsonpath=${jsonpath} 2>/dev/null) in *+k3s*) lab_k3s=1 ;; *) lab_k3s=0 ;; esac`;
}

/** The lines of one step: a comment and a check for a file, read + run for a command. */
function stepLines(lab: Lab, step: Step): string[] {
	if (step.kind === 'file') {
		const path = quote([step.path]);
		return [
			'',
			`# File ${step.path} (page line ${step.position.line}) ships in this folder; the steps below use it.`,
			`[ -f ${path} ] || lab_fail ${quote([`${step.path} is missing from this folder; unpack the whole bundle again.`])}`,
		];
	}
	return runLines(lab, step);
}

function runLines(lab: Lab, step: RunStep): string[] {
	const total = lab.runs.length;
	const number = step.index + 1;
	const delimiter = heredocDelimiter(step.command, `LAB_STEP_${number}_EOF`);
	const lines = ['', `${STEP_MARKER} ${number} of ${total} --- (page line ${step.position.line})`];
	if (step.expect) {
		lines.push('# The page expects this output (doctest style: "..." stands for any text):');
		lines.push(comment(step.expect.text, '  '));
	}
	const patterns = step.options.retry > 0 && step.expect ? retryPatterns(step.expect.text) : [];
	if (step.options.retry > 0) {
		lines.push(
			patterns.length
				? `# retry=${step.options.retry}: re-run until the exit code is ${step.options.exit} and the output looks like the page's (volatile values match anything).`
				: `# retry=${step.options.retry}: re-run until the exit code is ${step.options.exit}.`,
		);
	}
	if (step.options.k3s) lines.push(`lab_k3s_step ${number}`);
	if (patterns.length) {
		const end = heredocDelimiter(patterns.join('\n'), `LAB_EXPECT_${number}_EOF`);
		lines.push(`lab_read_expect <<'${end}'`, ...patterns, end);
	}
	lines.push(`lab_read <<'${delimiter}'`, step.command.replace(/\n$/, ''), delimiter);
	lines.push(`lab_run ${singleQuoted(`Step ${number} of ${total}`)} ${singleQuoted(stepUrl(lab.file, number))} ${step.options.exit} ${step.options.retry}`);
	return lines;
}

/** The header's lines about what needs k3s itself, if anything does. */
function k3sNotes(lab: Lab): string[] {
	const steps = k3sStepNumbers(lab);
	const notes: string[] = [];
	if (needsTraefik(lab.options)) notes.push("# Needs:    k3s's bundled Traefik (lab.k3sArgs keeps it). lab.sh checks this first.");
	if (steps.length) {
		notes.push(
			`# k3s:      step${steps.length === 1 ? '' : 's'} ${listNumbers(steps)} need${steps.length === 1 ? 's' : ''} k3s itself; lab.sh says so before ${steps.length === 1 ? 'it' : 'each'} on another cluster.`,
		);
	}
	return notes;
}

/**
 * lab.sh for a lab: a header naming the page, then checks before anything is
 * made (preflight), the namespace set-up (namespaceSetup) as the first
 * command, every step in page order, and the clean-up (namespaceTeardown) at
 * the end, offered when a step fails. It echoes each command, stops at the
 * first unexpected exit code (honouring exit=N) pointing at the step on the
 * page, re-runs retry= steps until their output looks like the page's
 * (retryPatterns), and shows the other expected outputs as comments. The
 * reader's kubeconfig is only read: the set-up works on a private copy.
 */
export function labScript(lab: Lab): string {
	const { namespace, nodes } = lab.options;
	const teardown = namespaceTeardown(namespace);
	const total = lab.runs.length;
	const header = [
		'#!/bin/sh',
		`# Lab: ${lab.title}`,
		`# Page: ${lab.file} (on the site at ${pageUrl(lab.file)})`,
		'# Generated from the page by scripts/bundle; the page is the source of truth.',
		'#',
		`# Runs the page's ${total} step${total === 1 ? '' : 's'} in page order, as one shell session, against`,
		`# your current kubectl context, in namespace ${namespace} (created first), then cleans up.`,
		`# Needs:    a cluster with at least ${nodes} Ready node${nodes === 1 ? '' : 's'} (lab.nodes: ${nodes}).${nodes > 1 ? ' lab.sh checks this first.' : ''}`,
		...k3sNotes(lab),
		'# It echoes each command before running it and stops at the first step whose',
		'# exit code is not the one the page shows. It judges exit codes; compare the',
		'# outputs with the page (expected outputs are comments below). A retry= step',
		"# is re-run until its output looks like the page's, as the verified runs do.",
		'#',
		'# Your kubeconfig is read, never written: the set-up works on a private copy',
		'# (mktemp). Temporary files go into one directory, removed when lab.sh ends.',
		'#',
		'# Run:      sh lab.sh    (asks before it starts; LAB_YES=1 skips the question;',
		'#                         LAB_KEEP=1 leaves the namespace at the end)',
		'# Clean-up: runs at the end, and is offered when a step fails. By hand:',
		comment(teardown, '  '),
	];
	const body = [
		`lab_teardown=${quote([teardown])}`,
		PRELUDE.trim(),
		'',
		'# The clean-up, as the end of the page shows it.',
		'lab_cleanup() {',
		'\tlab_cleaning=1',
		`\tlab_read <<'LAB_CLEANUP_EOF'`,
		teardown,
		'LAB_CLEANUP_EOF',
		`\tlab_run 'Clean-up' ${singleQuoted(`${pageUrl(lab.file)}#clean-up`)} 0 0`,
		'\tlab_made=0',
		'}',
		preflight(lab).trim(),
		'',
		'# Namespace set-up, as the verified runs do it before the first step.',
		'lab_made=1',
		`lab_read <<'LAB_SETUP_EOF'`,
		namespaceSetup(namespace),
		'LAB_SETUP_EOF',
		`lab_run 'Set-up' ${singleQuoted(`${pageUrl(lab.file)}#lab-setup`)} 0 0`,
		...lab.steps.flatMap((step) => stepLines(lab, step)),
		'',
		'if [ "$LAB_KEEP" = 1 ]; then',
		`\tprintf '\\nAll %s steps ran with the exit codes the page shows.\\nLAB_KEEP=1: namespace %s is left. Clean up with:\\n%s\\n' ${total} "$lab_ns" "$lab_teardown"`,
		'else',
		'\tlab_cleanup',
		`\tprintf '\\nAll %s steps ran with the exit codes the page shows, and the clean-up ran.\\n' ${total}`,
		'fi',
	];
	return `${[...header, '', ...body].join('\n')}\n`;
}
