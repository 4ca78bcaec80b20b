/**
 * Step 4 of the lab pipeline (extract → run → check → record): a passed run
 * becomes `<page>.outputs.json`, written atomically beside the page, and a
 * record is compared with the page to decide whether the lab must run again.
 * Records are read by read-record.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lab } from '../model/lab.ts';
import { recordPathFor } from '../model/pages.ts';
import { LabRecordSchema, RECORD_SCHEMA_VERSION, type LabRecord } from '../model/record.ts';
import type { LabRun } from '../run/runner.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** The engine's own package root (not the cwd, which may be anywhere). */
const ENGINE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** This engine's version (package.json), stored in every record. */
export function engineVersion(root = ENGINE_ROOT): string {
	try {
		return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
	} catch {
		return '0.0.0';
	}
}

/**
 * Turns a passed lab run into its record. Throws for a run that did not pass:
 * a record exists only for a whole lab that passed, so a page never shows
 * half a lab as verified.
 */
export function buildRecord(run: LabRun, version: string): LabRecord {
	if (!run.ok || !run.provenance) {
		throw new Error(`refusing to record ${run.lab.file}: the lab did not pass`);
	}
	const p = run.provenance;
	return LabRecordSchema.parse({
		schemaVersion: RECORD_SCHEMA_VERSION,
		page: run.lab.file,
		image: p.image,
		target: p.target,
		serverVersion: p.serverVersion,
		kubectlVersion: p.kubectlVersion,
		engineVersion: version,
		containerEngine: p.containerEngine,
		recordedAt: run.finishedAt || new Date().toISOString(),
		steps: run.steps.map((s) => ({
			index: s.step.index,
			hash: s.step.hash,
			command: s.step.command,
			output: s.output,
			...(s.truncated && { truncated: s.truncated }),
			exitCode: s.exitCode,
			durationMs: s.durationMs,
			attempts: s.attempts,
		})),
	});
}

/** Writes a passed run's record beside its page, atomically; returns its path. */
export async function writeRecord(run: LabRun, root = process.cwd()): Promise<string> {
	const record = buildRecord(run, engineVersion());
	const path = join(root, recordPathFor(run.lab.file));
	await writeFileAtomic(path, `${JSON.stringify(record, null, '\t')}\n`);
	return path;
}

/** Why a lab must run again, or undefined when its record still matches every chain hash. */
export function staleReason(lab: Lab, record: LabRecord | null, target: string): string | undefined {
	if (!record) return 'no record yet';
	if (record.target !== target) return `recorded on ${record.target}, now running on ${target}`;
	if (record.image !== lab.image) return `recorded on ${record.image}, now ${lab.image}`;
	if (record.steps.length !== lab.runs.length) return `${lab.runs.length} steps now, ${record.steps.length} recorded`;
	const changed = lab.runs.find((run, i) => record.steps[i]?.hash !== run.hash);
	return changed ? `step ${changed.index + 1} (line ${changed.position.line}) or a step before it changed` : undefined;
}
