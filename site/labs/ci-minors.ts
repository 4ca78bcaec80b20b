/**
 * The Kubernetes minors public CI runs the labs on, read from the matrix of
 * .github/workflows/verify.yml when the site is built, with the pinned image
 * (scripts/model/k3s-image.ts) standing in for the matrix entry that leaves its
 * image empty. Pages name the minors from here, so moving the matrix or the pin
 * moves what the site says.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { DEFAULT_K3S_IMAGE } from '../../scripts/model/k3s-image.ts';

/** The workflow that runs every lab on k3s, relative to the project root. */
export const VERIFY_WORKFLOW = '.github/workflows/verify.yml';

/** The part of the workflow read here: the labs job's matrix of minors and images. */
const WorkflowSchema = z.object({
	jobs: z.object({
		labs: z.object({
			strategy: z.object({
				matrix: z.object({
					include: z
						.array(
							z.object({
								/** The Kubernetes minor, e.g. '1.36'. */
								minor: z.string().regex(/^\d+\.\d+$/),
								/** A rancher/k3s image of that minor, or '' for the pinned image. */
								image: z.string(),
							}),
						)
						.min(1),
				}),
			}),
		}),
	}),
});

/** One matrix entry: a minor and the k3s image CI runs it on. */
export interface CiMinor {
	minor: string;
	image: string;
	/** True for the entry that runs the pinned image, the one records are made on. */
	pinned: boolean;
}

/** The matrix of the workflow text `text`; throws naming the file, what was found and what was expected. */
export function parseCiMinors(text: string, file = VERIFY_WORKFLOW): CiMinor[] {
	const parsed = WorkflowSchema.safeParse(parse(text));
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		throw new Error(
			`${file}: found ${issue.path.join('.') || 'the workflow'}: ${issue.message}; expected jobs.labs.strategy.matrix.include as a list of { minor: '1.N', image } entries.\n` +
				'  hint: the site names the minors CI runs from this matrix; keep its shape (tests/unit/workflow.test.ts checks it).',
		);
	}
	return parsed.data.jobs.labs.strategy.matrix.include.map(({ minor, image }) => ({ minor, image: image || DEFAULT_K3S_IMAGE, pinned: image === '' || image === DEFAULT_K3S_IMAGE }));
}

/** The matrix of `<root>/.github/workflows/verify.yml`. */
export function ciMinors(root = process.cwd()): CiMinor[] {
	return parseCiMinors(readFileSync(path.join(root, VERIFY_WORKFLOW), 'utf8'));
}

/** "1.35, 1.36 and 1.37": minors as a reader says them. */
export function minorList(minors: CiMinor[]): string {
	const names = minors.map((m) => m.minor);
	return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
