/**
 * One shell session per lab, made of one `sh` process per step. A reader types
 * a page's commands into one terminal, so `export X=…` or `cd dir` in step 2
 * must still hold in step 3. Each step's script therefore restores the state
 * the previous step saved (exported variables and the working directory) and
 * saves its own on exit, whatever way it exits.
 */
import { quote } from 'shell-quote';

/** Environment variable a target sets on every step process so it can kill the step's whole process tree. */
export const STEP_TOKEN_VAR = 'LAB_STEP_TOKEN';

/** Where a target keeps the session state; outside the lab directory so `ls` never shows it. */
export interface SessionPaths {
	/** The lab directory: where the first step starts. */
	labDir: string;
	/** A private directory for the saved state. */
	stateDir: string;
}

/** One word of shell text for `value`, quoted by shell-quote (a one-word helper for the k3s target's commands). */
export function shellQuote(value: string): string {
	return quote([value]);
}

/**
 * The script that runs one step in the session. Stdout and stderr are merged at
 * the source (`exec 2>&1`) so the output keeps a terminal's order, stdin is
 * empty so nothing waits for input, and `set -e` stops the step at its first
 * failing command, so a failure in the middle of a block cannot hide behind a
 * later success (a page shows an intended failure with `exit=N`).
 */
export function stepScript(command: string, paths: SessionPaths): string {
	const state = (name: string) => quote([`${paths.stateDir}/${name}`]);
	const [env, cwd, envTmp, cwdTmp] = [state('env'), state('cwd'), state('env.tmp'), state('cwd.tmp')];
	return [
		'exec 2>&1 </dev/null',
		`mkdir -p ${quote([paths.stateDir, paths.labDir])}`,
		`cd ${quote([paths.labDir])}`,
		`__lab_token="\${${STEP_TOKEN_VAR}-}"`,
		`if [ -f ${env} ]; then . ${env}; fi`,
		// `read` and `cd` are builtins: no sed or quoting needed for any directory name.
		`if [ -f ${cwd} ] && IFS= read -r __lab_cwd < ${cwd}; then cd "$__lab_cwd" || true; fi`,
		`if [ -n "$__lab_token" ]; then export ${STEP_TOKEN_VAR}="$__lab_token"; fi`,
		'unset __lab_token __lab_cwd',
		'__lab_save() {',
		'  __lab_rc=$?',
		'  trap - EXIT',
		`  unset ${STEP_TOKEN_VAR} 2>/dev/null || true`,
		`  export -p > ${envTmp} && pwd > ${cwdTmp} && mv ${envTmp} ${env} && mv ${cwdTmp} ${cwd}`,
		'  exit "$__lab_rc"',
		'}',
		'trap __lab_save EXIT',
		'set -e',
		command,
	].join('\n');
}

/**
 * A script that kills every process whose environment carries the step's
 * token: the step's shell and everything it started, even processes that left
 * its process group or session. All of them are frozen (SIGSTOP) before any is
 * killed, so none can react to a sibling's death (a shell printing "Killed"
 * and going on); a few rounds catch processes forked meanwhile.
 */
export function killStepScript(token: string): string {
	const needle = `${STEP_TOKEN_VAR}=${token}`;
	return [
		'for round in 1 2 3 4 5; do',
		"  pids=''",
		'  for p in /proc/[0-9]*; do',
		`    if grep -qs ${quote([needle])} "$p/environ" 2>/dev/null; then pids="$pids \${p#/proc/}"; fi`,
		'  done',
		'  [ -n "$pids" ] || break',
		'  kill -STOP $pids 2>/dev/null',
		'  kill -KILL $pids 2>/dev/null',
		'  sleep 0.1',
		'done',
		'true',
	].join('\n');
}
