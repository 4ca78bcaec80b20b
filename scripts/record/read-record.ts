/**
 * The one reader of `<page>.outputs.json`. verify, the lab CLI, the site and
 * strict mode all read records here, so a bad record is the same error
 * everywhere: a BadRecordError naming the file, the line and field, what was
 * found, what was expected and what to do. Nothing treats a bad record as
 * missing, so none is silently replaced or shown as an empty page.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { formatProblem, type LabProblem } from '../extract/errors.ts';
import { recordPathFor } from '../model/pages.ts';
import { LabRecordSchema, RECORD_SCHEMA_VERSION, type LabRecord } from '../model/record.ts';

/** A record that is not JSON or does not fit the record schema; its message is the problem, formatted as a page problem is. */
export class BadRecordError extends Error {
	readonly problem: LabProblem;

	constructor(problem: LabProblem) {
		super(formatProblem(problem));
		this.name = 'BadRecordError';
		this.problem = problem;
	}
}

/** What to do about a bad record, for the page it belongs to. */
function hint(page: string): string {
	return `records are written by \`npm run verify\`, never by hand: restore it (git checkout -- ${recordPathFor(page)}) or record the lab again with \`npm run verify -- ${page} --update\`, which replaces it`;
}

/** `steps[2].exitCode` from a zod issue path. */
function fieldName(path: readonly PropertyKey[]): string {
	return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || 'the record';
}

/** The 1-based line of a field in JSON text (JSON is YAML, whose parser keeps positions), or of its nearest parent. */
function lineOfField(text: string, path: readonly PropertyKey[]): number {
	const counter = new LineCounter();
	const doc = parseDocument(text, { lineCounter: counter });
	const keys = path.filter((p): p is string | number => typeof p !== 'symbol');
	for (let n = keys.length; n > 0; n--) {
		const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
		if (node?.range) return counter.linePos(node.range[0]).line;
	}
	return 1;
}

/**
 * Parses the text of `page`'s record. Returns null for a record of an older
 * schema version (its outputs are then treated as not recorded, and the next
 * verify replaces it); throws BadRecordError for anything else that is not a
 * valid record.
 */
export function parseRecord(text: string, page: string): LabRecord | null {
	const file = recordPathFor(page);
	const problem = (line: number, found: string): BadRecordError =>
		new BadRecordError({ file, line, found, expected: `a record as \`npm run verify\` writes it (scripts/model/record.ts, schema version ${RECORD_SCHEMA_VERSION})`, hint: hint(page) });
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		const message = (error as Error).message;
		throw problem(Number(/\(line (\d+)/.exec(message)?.[1] ?? 1), `text that is not JSON (${message.replace(/\s*\(line \d+ column \d+\)$/, '')})`);
	}
	const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
	if (Number.isInteger(version) && (version as number) < RECORD_SCHEMA_VERSION) return null;
	const parsed = LabRecordSchema.safeParse(json);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0]!;
	const value = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], json);
	const shown = value === undefined ? 'missing' : JSON.stringify(value);
	throw problem(lineOfField(text, issue.path), `${fieldName(issue.path)}: ${(shown ?? String(value)).slice(0, 60)} (${issue.message})`);
}

/** Reads `page`'s record (path relative to `root`): null when there is none or it is of an older schema; BadRecordError when it is bad. */
export async function readRecord(page: string, root = process.cwd()): Promise<LabRecord | null> {
	let text: string;
	try {
		text = await readFile(resolve(root, recordPathFor(page)), 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw error;
	}
	return parseRecord(text, page);
}
