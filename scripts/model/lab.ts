/**
 * The Lab model: what the extractor produces from a page and what the runner,
 * the checker, the recorder, the site plugin and the lab CLI all consume.
 * Each shape is a zod schema and its TypeScript type is derived from it, so
 * the validation of a page's options and the type the code relies on cannot
 * drift apart.
 */
import { z } from 'zod';
import { NAMESPACE_PATTERN } from './namespace.ts';

/** Where a step came from, for error messages and for matching rendered blocks. */
export const SourcePositionSchema = z.object({
	/** Path of the page, relative to the project root (POSIX separators). */
	file: z.string(),
	/** 1-based line of the opening code fence. */
	line: z.number().int().positive(),
});
/** A page and a line in it. */
export type SourcePosition = z.infer<typeof SourcePositionSchema>;

/** Default k3s server arguments: the test container's own default (Traefik off). */
export const DEFAULT_K3S_ARGS: readonly string[] = ['--disable=traefik'];
/** Default whole-lab budget in seconds. */
export const DEFAULT_LAB_TIMEOUT = 900;
/** Most nodes a lab may ask for: every node is a privileged k3s container on the test machine. */
export const MAX_LAB_NODES = 3;

/** The `lab:` object of a page's frontmatter. Unknown keys are errors, so typos never pass silently. */
export const LabOptionsSchema = z.strictObject({
	/** Namespace the lab works in (RFC 1123 label); the runner creates it and makes it current (see namespace.ts). */
	namespace: z.string().regex(NAMESPACE_PATTERN),
	/** k3s server arguments after `server`. [] keeps Traefik (Ingress labs). @default ['--disable=traefik'] */
	k3sArgs: z.array(z.string().min(1)).default([...DEFAULT_K3S_ARGS]),
	/** Whole-lab budget in seconds. @default 900 */
	timeout: z.number().int().positive().max(86_400).default(DEFAULT_LAB_TIMEOUT),
	/** Images pre-pulled while the cluster boots, to save minutes. @default [] */
	images: z.array(z.string().min(1)).default([]),
	/**
	 * Nodes in the throwaway cluster: one k3s server, and nodes − 1 agents named
	 * agent-1, agent-2 (the server is named server when there is more than one).
	 * @default 1
	 */
	nodes: z.number().int().min(1).max(MAX_LAB_NODES).default(1),
});
/** Lab-wide options, defaults filled in. */
export type LabOptions = z.output<typeof LabOptionsSchema>;

/** Longest step timeout or retry budget accepted, in seconds (one hour). */
export const MAX_STEP_SECONDS = 3600;

/** Options of a ```bash run block's meta. */
export const RunOptionsSchema = z.object({
	/** Seconds before the step is killed. */
	timeout: z.number().int().min(1).max(MAX_STEP_SECONDS),
	/** Seconds during which the step is re-run until its expectation holds; 0 = no retry. */
	retry: z.number().int().min(0).max(MAX_STEP_SECONDS),
	/** Exit code the page means to show. */
	exit: z.number().int().min(0).max(255),
	/**
	 * The step needs k3s itself (ServiceLB, the bundled Traefik, the node's own
	 * tools), not just any conformant cluster: the page and the lab summary say
	 * so, for readers following on another cluster. Not hashed: it changes what
	 * the page says, never what runs.
	 */
	k3s: z.boolean(),
});
/** A run step's timeout, retry budget and expected exit code. */
export type RunOptions = z.infer<typeof RunOptionsSchema>;

/** Defaults of a run block's options (contract: timeout 120 s, no retry, exit 0, any cluster). */
export const RUN_DEFAULTS: RunOptions = { timeout: 120, retry: 0, exit: 0, k3s: false };

/** A ```lang file=NAME block: written into the lab directory before the steps after it. */
export const FileStepSchema = z.object({
	kind: z.literal('file'),
	/** Relative path inside the lab directory. */
	path: z.string(),
	/** Code block language (yaml, json, sh, …). */
	lang: z.string(),
	/** Exact content written to disk (the block's code plus a trailing newline). */
	content: z.string(),
	position: SourcePositionSchema,
	/** Chain hash: this step, every step before it, lab options and the k3s image. */
	hash: z.string(),
});
/** A file the lab writes. */
export type FileStep = z.infer<typeof FileStepSchema>;

/** An authored ```text expect block attached to the run step before it. */
export const ExpectationSchema = z.object({
	text: z.string(),
	position: SourcePositionSchema,
});
/** What a run step is expected to print. */
export type Expectation = z.infer<typeof ExpectationSchema>;

/** A ```bash run block: executed in page order in one lab directory. */
export const RunStepSchema = z.object({
	kind: z.literal('run'),
	/** 0-based index among the page's run steps: the key of its record. */
	index: z.number().int().nonnegative(),
	/** The exact command text the runner executes and the copy button copies. */
	command: z.string(),
	lang: z.string(),
	options: RunOptionsSchema,
	expect: ExpectationSchema.optional(),
	position: SourcePositionSchema,
	/** Chain hash: this step, every step before it, lab options and the k3s image. */
	hash: z.string(),
});
/** A command the lab runs. */
export type RunStep = z.infer<typeof RunStepSchema>;

/** A step in page order. */
export const StepSchema = z.discriminatedUnion('kind', [FileStepSchema, RunStepSchema]);
/** A file step or a run step. */
export type Step = z.infer<typeof StepSchema>;

/** A page parsed into a lab. A page with no run steps is a plain page, not a lab. */
export const LabSchema = z.object({
	/** Page path relative to the project root, e.g. tutorials/services/clusterip.mdx. */
	file: z.string(),
	title: z.string(),
	options: LabOptionsSchema,
	/** The k3s image the chain hashes were computed with. */
	image: z.string(),
	steps: z.array(StepSchema),
	/** The run steps only, in order (steps.filter(kind === 'run')). */
	runs: z.array(RunStepSchema),
});
/** One lab page, as every part of the engine sees it. */
export type Lab = z.infer<typeof LabSchema>;
