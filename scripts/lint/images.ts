/**
 * Image pinning rules for lab pages. A lab that pulls `nginx` or `nginx:latest`
 * runs different software next month than the one its recorded outputs came
 * from, so every image a page names must carry a tag (not `latest`) or a digest.
 */
import type { LabProblem } from '../extract/errors.ts';
import type { Lab } from '../model/lab.ts';
import { manifestObjects, manifestSteps } from './manifests.ts';

/** Where an image reference was found, so a failure can point at it. */
export interface ImageUse {
	image: string;
	/** Human-readable place: "manifest echo.yaml", "run step 3", "lab.images". */
	where: string;
}

const DIGEST = /@sha256:[0-9a-f]{64}$/;

/**
 * Why an image reference is not pinned, or undefined when it is. A reference is
 * pinned when it ends in a digest, or in a tag other than `latest` after the last
 * `/` (a `:` before that is a registry port, as in `localhost:5000/app`).
 */
export function unpinnedReason(image: string): string | undefined {
	if (/[$`{}]/.test(image)) return 'it is built from a shell variable, so the page cannot prove which image runs';
	if (DIGEST.test(image)) return undefined;
	if (image.includes('@')) return 'its digest is not a full sha256 digest';
	const lastPart = image.slice(image.lastIndexOf('/') + 1);
	const colon = lastPart.lastIndexOf(':');
	if (colon === -1) return 'it has no tag, so the registry serves whatever `latest` is today';
	const tag = lastPart.slice(colon + 1);
	if (tag === '') return 'its tag is empty';
	if (tag === 'latest') return 'its tag is `latest`, which moves';
	return undefined;
}

/** Strips one level of shell quoting from a word. */
function unquote(word: string): string {
	return word.replace(/^(['"])(.*)\1$/, '$2');
}

/**
 * Images named in a shell command: `--image=X` / `--image X` (kubectl run,
 * kubectl create deployment/job/cronjob), `kubectl set image … c=X`, and
 * `image: X` lines of manifests inlined with a heredoc.
 */
export function imagesInCommand(command: string): string[] {
	const found: string[] = [];
	for (const m of command.matchAll(/--image(?:=|\s+)("[^"]*"|'[^']*'|[^\s;|&)]+)/g)) found.push(unquote(m[1]!));
	for (const m of command.matchAll(/\bset\s+image\s+\S+((?:\s+[\w-]+=\S+)+)/g)) {
		for (const pair of m[1]!.trim().split(/\s+/)) found.push(unquote(pair.slice(pair.indexOf('=') + 1)));
	}
	for (const m of command.matchAll(/^\s*(?:-\s+)?image:\s*("[^"]*"|'[^']*'|\S+)/gm)) found.push(unquote(m[1]!));
	return found;
}

/**
 * Images in a parsed manifest: every string `image` field of a container-like
 * object anywhere in it (pod templates nest them at different depths per kind).
 */
export function imagesInObject(value: unknown): string[] {
	const found: string[] = [];
	const visit = (node: unknown): void => {
		if (Array.isArray(node)) node.forEach(visit);
		else if (node && typeof node === 'object') {
			for (const [key, child] of Object.entries(node)) {
				if (key === 'image' && typeof child === 'string') found.push(child);
				else visit(child);
			}
		}
	};
	visit(value);
	return found;
}

/** Every image a lab names (lab.images, manifests, run commands) is pinned to a tag or digest. */
export function imageProblems(lab: Lab): LabProblem[] {
	const uses: (ImageUse & { line: number })[] = lab.options.images.map((image) => ({ image, where: 'the lab.images frontmatter', line: 1 }));
	const manifests = new Set(manifestSteps(lab));
	for (const step of lab.steps) {
		if (step.kind === 'run') {
			for (const image of imagesInCommand(step.command)) uses.push({ image, where: `run step ${step.index + 1}`, line: step.position.line });
		} else if (manifests.has(step)) {
			for (const object of manifestObjects(step.content)) {
				for (const image of imagesInObject(object)) uses.push({ image, where: `manifest ${step.path}`, line: step.position.line });
			}
		}
	}
	return uses.flatMap((use) => {
		const reason = unpinnedReason(use.image);
		return reason
			? [
					{
						file: lab.file,
						line: use.line,
						found: `image ${JSON.stringify(use.image)} in ${use.where}, which is not pinned: ${reason}`,
						expected: 'an image pinned to a version tag or a sha256 digest',
						hint: 'write the tag the lab was verified with, e.g. registry.k8s.io/e2e-test-images/agnhost:<tag>; never latest',
					},
				]
			: [];
	});
}
