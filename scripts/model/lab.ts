/**
 * The Lab model: what the extractor produces from a page and what the runner,
 * the checker, the recorder, the site plugin and the lab CLI all consume.
 * One model, one extractor, so they can never disagree about a page's steps.
 */

/** Where a step came from, for error messages and for matching rendered blocks. */
export interface SourcePosition {
	/** Path of the page, relative to the project root (POSIX separators). */
	file: string;
	/** 1-based line of the opening code fence. */
	line: number;
}

/** Lab-wide options from the page's `lab:` frontmatter (validated with zod). */
export interface LabOptions {
	/** Namespace the lab works in; the runner creates it and makes it current (see namespace.ts). */
	namespace: string;
	/** k3s server arguments after `server`; default ['--disable=traefik'] (the test container's default). [] keeps Traefik for an Ingress lab. */
	k3sArgs: string[];
	/** Whole-lab budget in seconds (default 900). */
	timeout: number;
	/** Images the lab uses, pulled while the cluster boots to save minutes. */
	images: string[];
	/** Nodes in the throwaway cluster (1–3, default 1): a k3s server and nodes − 1 agents. */
	nodes: number;
}

/** A ```lang file=NAME block: written into the lab directory before the steps after it. */
export interface FileStep {
	kind: 'file';
	/** Relative path inside the lab directory. */
	path: string;
	/** Code block language (yaml, json, sh, …). */
	lang: string;
	/** Exact content written to disk (the block's code plus a trailing newline). */
	content: string;
	position: SourcePosition;
	/** Chain hash: this step, every step before it, lab options and the k3s image. */
	hash: string;
}

/** Options of a ```bash run block's meta. */
export interface RunOptions {
	/** Seconds before the step is killed. */
	timeout: number;
	/** Seconds during which the step is re-run until its expectation holds; 0 = no retry. */
	retry: number;
	/** Exit code the page means to show (default 0). */
	exit: number;
}

/** An authored ```text expect block attached to the run step before it. */
export interface Expectation {
	text: string;
	position: SourcePosition;
}

/** A ```bash run block: executed in page order in one lab directory. */
export interface RunStep {
	kind: 'run';
	/** 0-based index among the page's run steps: the key of its record. */
	index: number;
	/** The exact command text the runner executes and the copy button copies. */
	command: string;
	lang: string;
	options: RunOptions;
	expect?: Expectation;
	position: SourcePosition;
	/** Chain hash: this step, every step before it, lab options and the k3s image. */
	hash: string;
}

/** A step in page order. */
export type Step = FileStep | RunStep;

/** A page parsed into a lab. A page with no run steps is a plain page, not a lab. */
export interface Lab {
	/** Page path relative to the project root, e.g. tutorials/services/clusterip.mdx. */
	file: string;
	title: string;
	options: LabOptions;
	/** The k3s image the chain hashes were computed with. */
	image: string;
	steps: Step[];
	/** The run steps only, in order (steps.filter(kind === 'run')). */
	runs: RunStep[];
}
