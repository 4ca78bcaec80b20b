/**
 * Where a lab runs. The runner knows nothing about k3s or Docker: it drives a
 * Target, so the very same step logic runs on a throwaway k3s container (the
 * real thing), on a plain busybox container (the docker test tier), or on a
 * reader's own cluster through a local shell (the lab CLI).
 */
import type { OutputTruncation } from '../model/record.ts';

/** One shell script's result, as a terminal would have shown it. */
export interface ExecResult {
	/** stdout and stderr combined, in the order they were written. */
	output: string;
	/** The script's exit code; 137 (SIGKILL) when it was killed for its timeout. */
	exitCode: number;
	durationMs: number;
	/** True when the script ran past its timeout and was killed with its children. */
	timedOut: boolean;
	/** Set when the output was longer than OUTPUT_CAP_BYTES and its middle was cut (output-cap.ts). */
	truncated?: OutputTruncation;
}

/** A file the lab writes into its directory (a `file=` block). */
export interface LabFile {
	/** Path relative to the lab directory (POSIX separators, no `..`). */
	path: string;
	content: string;
}

/** What produced an output, for the record and for failure reports. */
export interface Provenance {
	/** 'k3s' for a throwaway k3s container; records from anything else are never shown as verified on k3s. */
	target: string;
	/** The image the target ran (the k3s image, or the test image). */
	image: string;
	/** What the cluster reported (`kubectl version`), or 'none' where there is no cluster. */
	serverVersion: string;
	kubectlVersion: string;
	/** The container engine's server version (Docker), or 'none' for a local shell. */
	containerEngine: string;
}

/**
 * A place to run one lab. Implementations, all in this folder: K3sTarget
 * (k3s-target.ts), DockerTarget (docker-target.ts), CurrentClusterTarget
 * (current-target.ts, a local shell on the reader's own cluster), and
 * ReaderTarget (reader-target.ts), which wraps one of them for `npm run lab`.
 */
export interface Target {
	/** Short name used in progress lines and records ('k3s', 'docker', …). */
	readonly name: string;
	/** The lab directory inside the target: steps start here and files land here. */
	readonly labDir: string;
	/** A private directory for the shell session's saved state (see session.ts); never inside labDir. */
	readonly stateDir: string;
	/** Boots the target until a lab can run (for k3s: node Ready and CoreDNS rolled out). */
	start(): Promise<void>;
	/** Writes the lab's files into labDir, creating parent directories. */
	writeFiles(files: LabFile[]): Promise<void>;
	/** Runs a POSIX shell script; kills it and every process it started once timeoutMs has passed. */
	exec(script: string, timeoutMs: number): Promise<ExecResult>;
	/**
	 * Shell text the runner runs first, unrecorded, in the lab's session (k3s:
	 * the namespace set-up, so NS is exported for every step); undefined for none.
	 */
	prelude(): string | undefined;
	/** Where and with what the outputs were produced. */
	provenance(): Promise<Provenance>;
	/** Text for a failure report (k3s: events, pods that are not ready, their logs); never throws. */
	diagnostics(): Promise<string>;
	/** Removes everything the target started; safe to call twice and before start finished. */
	stop(): Promise<void>;
}

/** Every container the engine starts carries this label, so a leak is easy to find and remove. */
export const LAB_CONTAINER_LABEL = 'dev.k8s-services-verified.lab';

/** Containers of one engine process also carry this label with a per-process run id. */
export const RUN_ID_LABEL = 'dev.k8s-services-verified.run';

/** The targets `verify` can run labs on: k3s (the real thing, the default) or docker (tests and fixture records only). */
export const TARGET_KINDS = ['k3s', 'docker'] as const;
/** One of TARGET_KINDS. */
export type TargetKind = (typeof TARGET_KINDS)[number];
