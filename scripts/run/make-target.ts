import type { Lab } from '../model/lab.ts';
import { DockerTarget } from './docker-target.ts';
import { K3sTarget } from './k3s-target.ts';
import type { Target } from './target.ts';

/** The targets `verify` can run labs on: k3s (the real thing, the default) or docker (tests and fixture records only). */
export const TARGET_KINDS = ['k3s', 'docker'] as const;
/** One of TARGET_KINDS. */
export type TargetKind = (typeof TARGET_KINDS)[number];

/**
 * A fresh target for one lab. The k3s target runs the image the lab's chain
 * hashes were computed with, so a record can never claim an image it did not run.
 */
export function makeTarget(kind: TargetKind, lab: Lab): Target {
	return kind === 'k3s' ? new K3sTarget(lab.image, lab.options) : new DockerTarget(lab.image);
}
