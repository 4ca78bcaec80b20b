import type { Lab } from '../model/lab.ts';
import { DockerTarget } from './docker-target.ts';
import { K3sTarget } from './k3s-target.ts';
import type { Target, TargetKind } from './target.ts';

/**
 * A fresh target for one lab. The k3s target runs the image the lab's chain
 * hashes were computed with, so a record can never claim an image it did not run.
 */
export function makeTarget(kind: TargetKind, lab: Lab): Target {
	return kind === 'k3s' ? new K3sTarget(lab.image, lab.options) : new DockerTarget(lab.image);
}
