/**
 * Offline validation of the manifests a page writes with ```yaml file=…```
 * blocks, against the Kubernetes OpenAPI schemas packaged by `kubernetes-models`.
 * `kubectl apply --dry-run=client` needs a server, and no cluster runs in the
 * unit tier, so this is how a typo in a page is caught before CI's k3s run.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import type { LabProblem } from '../extract/errors.ts';
import type { FileStep, Lab } from '../model/lab.ts';
import { closestName, preloadKinds, unknownFields } from './manifest-fields.ts';
import { loadModels, modelFor, PRE_RELEASE, versionsOf, type KindRef } from './models.ts';

/** One problem in a manifest, with the 1-based line inside the YAML text. */
export interface ManifestProblem {
	line: number;
	found: string;
	expected: string;
	hint: string;
}

/** The stable apiVersion serving `kind` in the same API group, if there is one. */
function stableVersionOf(apiVersion: string, kind: string): string | undefined {
	const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
	return versionsOf(kind).find((version) => {
		if (PRE_RELEASE.test(version)) return false;
		const g = version.includes('/') ? version.slice(0, version.lastIndexOf('/')) : '';
		return g === group || (kind === 'Deployment' && g === 'apps') || (kind === 'Ingress' && g === 'networking.k8s.io');
	});
}

interface AjvError {
	instancePath: string;
	message?: string;
	params?: Record<string, unknown>;
}

/**
 * Validates every document of a YAML file: its problems, empty when all
 * documents are valid objects of a kind Kubernetes serves today. Call
 * prepareManifests (or loadModels) with the file's kinds first.
 */
export function validateManifestText(text: string): ManifestProblem[] {
	const lineCounter = new LineCounter();
	const documents = parseAllDocuments(text, { lineCounter });
	const problems: ManifestProblem[] = [];
	if (!Array.isArray(documents)) {
		return [{ line: 1, found: 'an empty YAML stream', expected: 'at least one Kubernetes object', hint: 'remove the file block or give it a manifest' }];
	}
	for (const doc of documents) {
		const start = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
		for (const error of doc.errors) {
			problems.push({ line: lineCounter.linePos(error.pos[0]).line, found: `invalid YAML (${error.message.split('\n')[0]})`, expected: 'well-formed YAML', hint: 'check indentation and quoting' });
		}
		if (doc.errors.length) continue;
		const value: unknown = doc.toJS();
		if (value === null || value === undefined) continue; // an empty document between `---` separators
		const lineOf = (instancePath: string): number => {
			const path = instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
			for (let n = path.length; n > 0; n--) {
				const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
				if (node?.range) return lineCounter.linePos(node.range[0]).line;
			}
			return start;
		};
		if (typeof value !== 'object' || Array.isArray(value)) {
			problems.push({ line: start, found: `a ${Array.isArray(value) ? 'list' : typeof value}`, expected: 'a Kubernetes object (a mapping with apiVersion and kind)', hint: 'a manifest file holds objects, separated by ---' });
			continue;
		}
		const { apiVersion, kind, metadata } = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; generateName?: unknown; namespace?: unknown } };
		if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
			problems.push({ line: start, found: `apiVersion ${JSON.stringify(apiVersion)} and kind ${JSON.stringify(kind)}`, expected: 'both apiVersion and kind as strings', hint: 'start each object with e.g. `apiVersion: v1` and `kind: Service`' });
			continue;
		}
		const Model = modelFor(apiVersion, kind);
		if (!Model) {
			const versions = versionsOf(kind);
			problems.push({
				line: lineOf('/kind'),
				found: `${apiVersion} ${kind}`,
				expected: 'a kind served by Kubernetes (kubernetes-models knows no such apiVersion and kind)',
				hint: versions.length ? `${kind} is served as ${versions.join(', ')}` : 'check the spelling of kind; custom resources cannot be validated offline',
			});
			continue;
		}
		if (PRE_RELEASE.test(apiVersion)) {
			const stable = stableVersionOf(apiVersion, kind);
			if (stable) {
				problems.push({ line: lineOf('/apiVersion'), found: `apiVersion ${apiVersion}`, expected: `the stable ${stable}`, hint: `pre-release versions of ${kind} are removed from current Kubernetes; use apiVersion: ${stable}` });
				continue;
			}
		}
		if (typeof metadata?.name !== 'string' && typeof metadata?.generateName !== 'string') {
			problems.push({ line: lineOf('/metadata'), found: 'no metadata.name', expected: 'a name for the object', hint: 'give the object a metadata.name so later steps can refer to it' });
		}
		if (metadata?.namespace === 'default') {
			problems.push({ line: lineOf('/metadata/namespace'), found: 'metadata.namespace: default', expected: 'no namespace (the lab sets its own as current)', hint: 'remove the namespace so a reader can follow the lab in a namespace of their own' });
		}
		for (const field of unknownFields(apiVersion, kind, value)) {
			const name = String(field.path.at(-1));
			const where = field.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').slice(1);
			const guess = closestName(name, field.known);
			problems.push({
				line: lineOf(`/${field.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`),
				found: `unknown field ${where}`,
				expected: `a field of ${apiVersion} ${kind} at that place (${field.known.slice(0, 12).join(', ')}${field.known.length > 12 ? ', …' : ''})`,
				hint: `${guess ? `did you mean ${guess}? ` : ''}the API server refuses unknown fields (kubectl applies with strict field validation)`,
			});
		}
		try {
			new Model(value).validate();
		} catch (error) {
			const errors = (error as { errors?: AjvError[] }).errors;
			if (!errors) throw error;
			for (const e of errors) {
				const where = e.instancePath ? e.instancePath.slice(1).replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.') : 'the object';
				const allowed = e.params?.allowedValues as unknown[] | undefined;
				problems.push({
					line: lineOf(e.instancePath),
					found: `${where} ${e.message ?? 'is invalid'}`,
					expected: allowed ? `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}` : `a value that fits the ${apiVersion} ${kind} schema`,
					hint: `see \`kubectl explain ${kind.toLowerCase()}${e.instancePath.replace(/\/\d+/g, '').replace(/\//g, '.')}\``,
				});
			}
		}
	}
	return problems;
}

/** The objects of a YAML text (documents that parse and are not empty), for rules that look inside them. */
export function manifestObjects(text: string): unknown[] {
	return parseAllDocuments(text).flatMap((doc) => {
		const value: unknown = doc.errors.length ? undefined : doc.toJS();
		return value === null || value === undefined ? [] : [value];
	});
}

/** The YAML file steps of a lab: the manifests it writes. */
export function manifestSteps(lab: Lab): FileStep[] {
	return lab.steps.filter((step): step is FileStep => step.kind === 'file' && (step.lang === 'yaml' || step.lang === 'yml'));
}

/** The apiVersion/kind pairs of a lab's manifests. */
export function manifestKinds(lab: Lab): KindRef[] {
	return manifestSteps(lab).flatMap((step) =>
		manifestObjects(step.content).flatMap((object) => {
			const { apiVersion, kind } = object as { apiVersion?: unknown; kind?: unknown };
			return typeof apiVersion === 'string' && typeof kind === 'string' ? [{ apiVersion, kind }] : [];
		}),
	);
}

/**
 * Loads what validating the manifests of `labs` needs, in one go: the model
 * of each kind they use, and one TypeScript program with each kind's
 * declaration (for unknown fields). Call before manifestProblems.
 */
export async function prepareManifests(labs: readonly Lab[]): Promise<void> {
	const kinds = labs.flatMap(manifestKinds);
	await loadModels(kinds);
	preloadKinds(kinds);
}

/** Every manifest a lab writes validates against the Kubernetes schema (kubernetes-models), unknown fields included. */
export function manifestProblems(lab: Lab): LabProblem[] {
	return manifestSteps(lab).flatMap((step) =>
		validateManifestText(step.content).map((p) => ({
			file: lab.file,
			line: step.position.line + p.line,
			found: `${p.found} in ${step.path}`,
			expected: p.expected,
			hint: p.hint,
		})),
	);
}
