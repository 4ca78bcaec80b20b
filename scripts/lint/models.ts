/**
 * The model classes of kubernetes-models (the built-in API) and
 * @kubernetes-models/gateway-api (whose CRDs k3s installs with Traefik), which
 * validate a manifest against its kind's OpenAPI schema. Importing either
 * package whole costs seconds, so loadModels imports each kind a page uses
 * from its own module, and the whole registry only when a manifest names a
 * kind that does not exist or a pre-release apiVersion (then the hints need
 * every version a kind is served as).
 */

/** A model class: `new Model(object).validate()` throws with the schema's errors. */
export interface ModelClass {
	apiVersion: string;
	kind: string;
	new (data: unknown): { validate(): void };
}

/** An object's type, as a manifest names it. */
export interface KindRef {
	apiVersion: string;
	kind: string;
}

const registry = new Map<string, ModelClass>();
const absent = new Set<string>();
let complete = false;

const key = (apiVersion: string, kind: string) => `${apiVersion} ${kind}`;

/** An apiVersion that is alpha or beta. */
export const PRE_RELEASE = /(?:^|\/)v\d+(?:alpha|beta)\d+$/;

function isModelClass(value: unknown): value is ModelClass {
	const v = value as Partial<ModelClass> | undefined;
	return typeof value === 'function' && typeof v?.apiVersion === 'string' && typeof v.kind === 'string';
}

/** The module of one kind's model, or undefined when the names cannot be a module path. */
function modulePath({ apiVersion, kind }: KindRef): string | undefined {
	if (!/^[A-Za-z0-9]+$/.test(kind) || !/^(?:[a-z0-9.-]+\/)?v[a-z0-9]+$/.test(apiVersion)) return undefined;
	const gateway = apiVersion.startsWith('gateway.networking.');
	return `${gateway ? '@kubernetes-models/gateway-api' : 'kubernetes-models'}/${apiVersion}/${kind}`;
}

/** Imports both packages whole and registers every top-level kind (for hints about kinds that do not exist). */
async function loadAll(): Promise<void> {
	if (complete) return;
	const walk = (namespace: object, depth: number): void => {
		for (const value of Object.values(namespace)) {
			if (isModelClass(value)) registry.set(key(value.apiVersion, value.kind), value);
			else if (value && typeof value === 'object' && depth < 3) walk(value, depth + 1);
		}
	};
	walk(await import('kubernetes-models'), 0);
	walk(await import('@kubernetes-models/gateway-api'), 0);
	complete = true;
}

/** Loads the models of `kinds` (and everything, when one is missing or pre-release), so modelFor can answer for them. */
export async function loadModels(kinds: readonly KindRef[]): Promise<void> {
	for (const ref of kinds) {
		const k = key(ref.apiVersion, ref.kind);
		if (registry.has(k) || absent.has(k)) continue;
		const path = modulePath(ref);
		const model: unknown = path ? ((await import(path).catch(() => ({}))) as Record<string, unknown>)[ref.kind] : undefined;
		if (isModelClass(model) && model.apiVersion === ref.apiVersion) registry.set(k, model);
		else absent.add(k);
	}
	if (absent.size || kinds.some((k) => PRE_RELEASE.test(k.apiVersion))) await loadAll();
}

/** The model of a kind; undefined when Kubernetes serves no such kind. Throws when loadModels was not asked for it. */
export function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
	const k = key(apiVersion, kind);
	if (!registry.has(k) && !absent.has(k) && !complete) throw new Error(`the model of ${k} was not loaded: call loadModels() with the page's kinds first`);
	return registry.get(k);
}

/** The apiVersions that serve `kind`, among the models loaded (all of them after a miss). */
export function versionsOf(kind: string): string[] {
	return [...registry.values()].filter((m) => m.kind === kind).map((m) => m.apiVersion);
}
