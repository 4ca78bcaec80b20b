import { z } from 'zod';

/** Bump when the shape of an outputs file changes; older files are then ignored as stale. */
export const RECORD_SCHEMA_VERSION = 1;

/** How much of a step's output was cut from its middle because it passed the stored-output cap (scripts/run/output-cap.ts). */
export const OutputTruncationSchema = z.object({
	/** Bytes left out. */
	bytes: z.number().int().positive(),
	/** Line breaks among them (whole lines cut when both cuts fall between lines). */
	lines: z.number().int().nonnegative(),
});

/** One run step's real output, as a k3s run produced it. */
export const RecordedStepSchema = z.object({
	/** Index among the page's run steps. */
	index: z.number().int().nonnegative(),
	/** Chain hash of the step when it ran; fresh only while it equals the page's. */
	hash: z.string().regex(/^[0-9a-f]{64}$/),
	/** The command exactly as executed. */
	command: z.string(),
	/** Combined stdout+stderr as a terminal shows it; past the cap, its head, a note of what was cut, and its tail. */
	output: z.string(),
	/** Present only when the output was cut; records without it hold the whole output. */
	truncated: OutputTruncationSchema.optional(),
	exitCode: z.number().int(),
	durationMs: z.number().nonnegative(),
	/** How many runs it took (retry= steps may need more than one). */
	attempts: z.number().int().positive(),
});

/** `<page>.outputs.json`: written atomically, only after the whole lab passed. */
export const LabRecordSchema = z.object({
	schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
	/** The page, relative to the project root. */
	page: z.string(),
	/** The image the lab ran on, e.g. rancher/k3s:v1.36.2-k3s1. */
	image: z.string(),
	/** What produced the outputs: 'k3s' for a real cluster; anything else is never shown as verified on k3s. */
	target: z.string(),
	/** Server version the cluster reported, e.g. v1.36.2+k3s1. */
	serverVersion: z.string(),
	kubectlVersion: z.string(),
	/** Version of this lab engine (package.json version). */
	engineVersion: z.string(),
	/** Version of the container engine that ran the cluster (Docker server version). */
	containerEngine: z.string(),
	/** ISO 8601 time the lab finished. */
	recordedAt: z.string().datetime(),
	steps: z.array(RecordedStepSchema),
});

export type OutputTruncation = z.infer<typeof OutputTruncationSchema>;
export type RecordedStep = z.infer<typeof RecordedStepSchema>;
export type LabRecord = z.infer<typeof LabRecordSchema>;
