/**
 * Writes a lab as a POSIX `lab.sh`: the same steps the runner executes, in page
 * order, as one shell session, for readers who follow a lab on their own
 * cluster without this repository. Generated from the extractor's Lab, never
 * by hand, so the script cannot drift from the page.
 */
import { quote } from 'shell-quote';
import { ELLIPSIS, normaliseLine, PLACEHOLDER, splitLines } from '../check/index.ts';
import type { Lab, RunStep, Step } from '../model/lab.ts';
import { namespaceSetup, namespaceTeardown } from '../model/namespace.ts';
import { pageUrl } from '../model/pages.ts';

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

/**
 * The shell helpers every lab.sh starts with. Globals are prefixed `lab_` so a
 * page's own variables are unlikely to collide (POSIX sh has no `local`).
 */
const PRELUDE = String.raw`
# Under bash, POSIX mode makes export -p print export lines, which stay global
# when loaded inside a function (declare -x lines would become local).
if [ -n "$BASH_VERSION" ]; then set -o posix; fi
lab_fail() {
	printf '\nlab.sh: %s\n' "$1" >&2
	printf 'Clean up with: %s\n' "$lab_teardown" >&2
	exit 1
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
			lab_fail "$lab_label ($lab_at) exited $lab_rc, but the page expects $lab_want. Stopping here."
		fi
		printf '(not as the page shows yet: trying again in %s s)\n' ${RETRY_PAUSE_SECONDS}
		sleep ${RETRY_PAUSE_SECONDS}
	done
	lab_expect=
	if [ "$lab_want" -ne 0 ]; then
		printf '(exit %s, as the page shows)\n' "$lab_rc"
	fi
}
`;

/** Refuse early, with the reason, when there is no kubectl, too few nodes (nodeCheck) or no confirmation. */
function preflight(namespace: string, nodeCheck: string): string {
	return String.raw`
cd "$(dirname "$0")" || exit 2
lab_state="${'${TMPDIR:-/tmp}'}/lab-state.$$"
lab_out="${'${TMPDIR:-/tmp}'}/lab-out.$$"
lab_nl='
'
lab_expect=
trap 'rm -f "$lab_state" "$lab_out"' EXIT
if ! command -v kubectl >/dev/null 2>&1; then
	echo 'lab.sh: kubectl is not on PATH. Install it and point it at a cluster you can experiment on.' >&2
	exit 2
fi
lab_context=$(kubectl config current-context 2>/dev/null) || lab_context='(none)'
echo "lab.sh: kubectl context: $lab_context, namespace: ${namespace}"
${nodeCheck ? `${nodeCheck}\n` : ''}if [ "$LAB_YES" != 1 ]; then
	if [ -t 0 ]; then
		printf 'Create namespace %s there and run the steps? [y/N] ' ${quote([namespace])}
		read -r lab_answer || lab_answer=
		case $lab_answer in [yY]*) ;; *) echo 'lab.sh: nothing done.'; exit 2 ;; esac
	else
		echo 'lab.sh: no terminal to ask for confirmation; set LAB_YES=1 to run anyway. Nothing done.' >&2
		exit 2
	fi
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

/** The lines of one step: a comment and a check for a file, read + run for a command. */
function stepLines(step: Step, total: number): string[] {
	if (step.kind === 'file') {
		const path = quote([step.path]);
		return [
			'',
			`# File ${step.path} (page line ${step.position.line}) ships in this folder; the steps below use it.`,
			`[ -f ${path} ] || lab_fail ${quote([`${step.path} is missing from this folder; unpack the whole bundle again.`])}`,
		];
	}
	return runLines(step, total);
}

function runLines(step: RunStep, total: number): string[] {
	const number = step.index + 1;
	const delimiter = heredocDelimiter(step.command, `LAB_STEP_${number}_EOF`);
	const lines = ['', `${STEP_MARKER} ${number} of ${total} ---`];
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
	if (patterns.length) {
		const end = heredocDelimiter(patterns.join('\n'), `LAB_EXPECT_${number}_EOF`);
		lines.push(`lab_read_expect <<'${end}'`, ...patterns, end);
	}
	lines.push(`lab_read <<'${delimiter}'`, step.command.replace(/\n$/, ''), delimiter);
	lines.push(
		`lab_run ${quote([`Step ${number} of ${total}`, `page line ${step.position.line}`])} ${step.options.exit} ${step.options.retry}`,
	);
	return lines;
}

/**
 * lab.sh for a lab: a header naming the page and the clean-up, the namespace
 * set-up (namespaceSetup) as the first command, then every step in page order.
 * It echoes each command, stops at the first unexpected exit code (honouring
 * exit=N), re-runs retry= steps until their output looks like the page's
 * (retryPatterns), and shows the other expected outputs as comments.
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
		`# your current kubectl context, in namespace ${namespace} (created first).`,
		`# Needs:    a cluster with at least ${nodes} Ready node${nodes === 1 ? '' : 's'} (lab.nodes: ${nodes}).${nodes > 1 ? ' lab.sh checks this first.' : ''}`,
		'# It echoes each command before running it and stops at the first step whose',
		'# exit code is not the one the page shows. It judges exit codes; compare the',
		'# outputs with the page (expected outputs are comments below). A retry= step',
		"# is re-run until its output looks like the page's, as the verified runs do.",
		'#',
		'# Run:      sh lab.sh    (asks before it starts; LAB_YES=1 skips the question)',
		`# Clean up: ${teardown}`,
		'#           kubectl config set-context --current --namespace=default',
	];
	const body = [
		`lab_teardown=${quote([teardown])}`,
		PRELUDE.trim(),
		preflight(namespace, nodeCheck(nodes)).trim(),
		'',
		'# Namespace set-up, as the verified runs do it before the first step.',
		`lab_read <<'LAB_SETUP_EOF'`,
		namespaceSetup(namespace),
		'LAB_SETUP_EOF',
		`lab_run 'Set-up' 'namespace from the page frontmatter' 0 0`,
		...lab.steps.flatMap((step) => stepLines(step, total)),
		'',
		`printf '\\nAll %s steps ran with the exit codes the page shows.\\nClean up with: %s\\n' ${total} "$lab_teardown"`,
	];
	return `${[...header, '', ...body].join('\n')}\n`;
}
