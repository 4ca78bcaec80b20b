/**
 * Offline validation of the manifests a page writes with ```yaml file=…```
 * blocks, against the Kubernetes OpenAPI schemas packaged by `kubernetes-models`.
 * `kubectl apply --dry-run=client` needs a server, and no cluster runs in the
 * unit tier, so this is how a typo in a page is caught before CI's k3s run.
 */
import * as gatewayApi from '@kubernetes-models/gateway-api';
import * as models from 'kubernetes-models';
import { LineCounter, parseAllDocuments } from 'yaml';
import { closestName, unknownFields } from './pages-fields.ts';

/** One problem in a manifest, with the 1-based line inside the YAML text. */
export interface ManifestProblem {
	line: number;
	found: string;
	expected: string;
	hint: string;
}

interface ModelClass {
	apiVersion: string;
	kind: string;
	new (data: unknown): { validate(): void };
}

function isModelClass(value: unknown): value is ModelClass {
	const v = value as Partial<ModelClass> | undefined;
	return typeof value === 'function' && typeof v?.apiVersion === 'string' && typeof v.kind === 'string';
}

/**
 * Every top-level kind the models know, keyed "apiVersion kind" (e.g. "apps/v1
 * Deployment"): the built-in API, plus the Gateway API, whose CRDs k3s installs
 * with Traefik and whose pages show Gateways and HTTPRoutes.
 */
function buildRegistry(): Map<string, ModelClass> {
	const registry = new Map<string, ModelClass>();
	const walk = (namespace: object, depth: number): void => {
		for (const value of Object.values(namespace)) {
			if (isModelClass(value)) registry.set(`${value.apiVersion} ${value.kind}`, value);
			else if (value && typeof value === 'object' && depth < 3) walk(value, depth + 1);
		}
	};
	walk(models, 0);
	walk(gatewayApi, 0);
	return registry;
}

let registryCache: Map<string, ModelClass> | undefined;
/** The registry, built on first use (walking the models takes a moment). */
export function modelRegistry(): Map<string, ModelClass> {
	registryCache ??= buildRegistry();
	return registryCache;
}

const PRE_RELEASE = /(?:^|\/)v\d+(?:alpha|beta)\d+$/;

/** The stable apiVersion serving `kind` in the same API group, if there is one. */
function stableVersionOf(apiVersion: string, kind: string): string | undefined {
	const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
	for (const key of modelRegistry().keys()) {
		const [version, k] = key.split(' ');
		if (k !== kind || PRE_RELEASE.test(version!)) continue;
		const g = version!.includes('/') ? version!.slice(0, version!.lastIndexOf('/')) : '';
		if (g === group || (kind === 'Deployment' && g === 'apps') || (kind === 'Ingress' && g === 'networking.k8s.io')) return version;
	}
	return undefined;
}

interface AjvError {
	instancePath: string;
	message?: string;
	params?: Record<string, unknown>;
}

/**
 * Validates every document of a YAML file. Returns its problems (empty when all
 * documents are valid objects of a kind Kubernetes serves today) and the parsed
 * documents, so callers can look for images in them. `fields: false` skips the
 * slower unknown-field check, for callers that only want the objects.
 */
export function validateManifestText(text: string, options: { fields?: boolean } = {}): { problems: ManifestProblem[]; objects: unknown[] } {
	const checkFields = options.fields ?? true;
	const lineCounter = new LineCounter();
	const documents = parseAllDocuments(text, { lineCounter });
	const problems: ManifestProblem[] = [];
	const objects: unknown[] = [];
	if (!Array.isArray(documents)) {
		return { problems: [{ line: 1, found: 'an empty YAML stream', expected: 'at least one Kubernetes object', hint: 'remove the file block or give it a manifest' }], objects };
	}
	for (const doc of documents) {
		const start = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
		for (const error of doc.errors) {
			problems.push({ line: lineCounter.linePos(error.pos[0]).line, found: `invalid YAML (${error.message.split('\n')[0]})`, expected: 'well-formed YAML', hint: 'check indentation and quoting' });
		}
		if (doc.errors.length) continue;
		const value: unknown = doc.toJS();
		if (value === null || value === undefined) continue; // an empty document between `---` separators
		objects.push(value);
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
		const Model = modelRegistry().get(`${apiVersion} ${kind}`);
		if (!Model) {
			const versions = [...modelRegistry().keys()].filter((k) => k.endsWith(` ${kind}`)).map((k) => k.split(' ')[0]);
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
		for (const field of checkFields ? unknownFields(apiVersion, kind, value) : []) {
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
	return { problems, objects };
}
