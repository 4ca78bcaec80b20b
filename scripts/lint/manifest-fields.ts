/**
 * Unknown-field detection for manifests. kubernetes-models' JSON schemas allow
 * extra properties, so `tpye: NodePort` or `targetport: 8080` would pass them,
 * while the API server (kubectl's default strict field validation) refuses the
 * object in CI. The models' TypeScript declarations do list every field, so the
 * TypeScript checker walks a manifest alongside its declared type and reports
 * each key the type does not have.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** A key the kind's schema does not have, where it sits, and the keys that would fit there. */
export interface UnknownField {
	/** JSON path segments to the unknown key, the key last. */
	path: (string | number)[];
	known: string[];
}

/** Where the declaration of a kind's interface lives, or undefined when no model covers it. */
export function modelDeclarationFile(apiVersion: string, kind: string, root = process.cwd()): string | undefined {
	const slash = apiVersion.lastIndexOf('/');
	const group = slash === -1 ? '' : apiVersion.slice(0, slash);
	const version = apiVersion.slice(slash + 1);
	const base = group.startsWith('gateway.networking.')
		? join(root, 'node_modules/@kubernetes-models/gateway-api', group, version)
		: join(root, 'node_modules/kubernetes-models', group, version);
	const file = join(base, `${kind}.d.ts`);
	return existsSync(file) ? file : undefined;
}

const OPTIONS: ts.CompilerOptions = {
	noEmit: true,
	skipLibCheck: true,
	noLib: true,
	types: [],
	module: ts.ModuleKind.NodeNext,
	moduleResolution: ts.ModuleResolutionKind.NodeNext,
	target: ts.ScriptTarget.ES2022,
};

/**
 * The few globals the model declarations need, instead of TypeScript's full
 * standard library: loading that made each new program take seconds.
 */
const MINIMAL_LIB_FILE = join(process.cwd(), '__lint-manifest-fields-lib.d.ts');
const MINIMAL_LIB = `
interface Array<T> { length: number; [n: number]: T; }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T; }
interface Boolean {} interface Function {} interface CallableFunction {} interface NewableFunction {}
interface IArguments {} interface Number {} interface Object {} interface RegExp {} interface String {}
interface Symbol {} interface Date {}
type Record<K extends keyof any, T> = { [P in K]: T };
type Omit<T, K extends keyof any> = { [P in Exclude<keyof T, K>]: T[P] };
type Exclude<T, U> = T extends U ? never : T;
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Partial<T> = { [P in keyof T]?: T[P] };
`;

const host = ts.createCompilerHost(OPTIONS);
const readFile = host.readFile.bind(host);
const fileExists = host.fileExists.bind(host);
host.readFile = (name) => (name === MINIMAL_LIB_FILE ? MINIMAL_LIB : readFile(name));
host.fileExists = (name) => name === MINIMAL_LIB_FILE || fileExists(name);
const getSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (name, language, onError, create) =>
	name === MINIMAL_LIB_FILE ? ts.createSourceFile(name, MINIMAL_LIB, language) : getSourceFile(name, language, onError, create);

let program: ts.Program | undefined;

/**
 * Loads the declarations of many kinds into one program at once; cheaper than
 * growing the program kind by kind when the kinds are known up front.
 */
export function preloadKinds(kinds: { apiVersion: string; kind: string }[], root = process.cwd()): void {
	const files = kinds.map((k) => modelDeclarationFile(k.apiVersion, k.kind, root)).filter((f): f is string => !!f);
	const missing = files.filter((f) => !program?.getSourceFile(f));
	if (missing.length === 0) return;
	const roots = [...new Set([...(program?.getRootFileNames() ?? [MINIMAL_LIB_FILE]), ...missing])];
	program = ts.createProgram(roots, OPTIONS, host, program);
}

/** The declared interface type (`I<Kind>`) of a kind, growing one shared program as new kinds are asked for. */
function declaredType(file: string, kind: string): { type: ts.Type; checker: ts.TypeChecker } | undefined {
	if (!program?.getSourceFile(file)) {
		const roots = [...(program?.getRootFileNames() ?? [MINIMAL_LIB_FILE]), file];
		program = ts.createProgram(roots, OPTIONS, host, program);
	}
	const checker = program.getTypeChecker();
	const source = program.getSourceFile(file);
	const moduleSymbol = source && checker.getSymbolAtLocation(source);
	const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === `I${kind}`);
	return symbol ? { type: checker.getDeclaredTypeOfSymbol(symbol), checker } : undefined;
}

function objectPart(checker: ts.TypeChecker, type: ts.Type): ts.Type | undefined {
	const t = checker.getNonNullableType(type);
	if (t.flags & ts.TypeFlags.Any || t.flags & ts.TypeFlags.Unknown) return undefined;
	if (t.isUnion()) {
		const objects = t.types.filter((m) => m.flags & ts.TypeFlags.Object);
		return objects.length === 1 ? objects[0] : undefined;
	}
	return t.flags & ts.TypeFlags.Object ? t : undefined;
}

/**
 * Keys of `value` that the declared type of `apiVersion`/`kind` does not have,
 * at any depth. Empty when no model declares the kind (schema validation
 * reports that case) or when every key is known.
 */
export function unknownFields(apiVersion: string, kind: string, value: unknown, root = process.cwd()): UnknownField[] {
	const file = modelDeclarationFile(apiVersion, kind, root);
	const declared = file && declaredType(file, kind);
	if (!declared) return [];
	const { checker } = declared;
	const found: UnknownField[] = [];
	const walk = (node: unknown, type: ts.Type, path: (string | number)[]): void => {
		if (node === null || typeof node !== 'object') return;
		const t = objectPart(checker, type);
		if (!t) return;
		if (Array.isArray(node)) {
			if (!checker.isArrayType(t)) return;
			const element = checker.getTypeArguments(t as ts.TypeReference)[0];
			if (element) node.forEach((child, i) => walk(child, element, [...path, i]));
			return;
		}
		const index = checker.getIndexInfosOfType(t).find((info) => info.keyType.flags & ts.TypeFlags.String);
		for (const [key, child] of Object.entries(node)) {
			const property = checker.getPropertyOfType(t, key);
			if (property) walk(child, checker.getTypeOfSymbol(property), [...path, key]);
			else if (index) walk(child, index.type, [...path, key]);
			else found.push({ path: [...path, key], known: checker.getPropertiesOfType(t).map((p) => p.name) });
		}
	};
	walk(value, declared.type, []);
	return found;
}

/** The known name closest to a misspelt one (edit distance ≤ 3, or same letters ignoring case), for "did you mean". */
export function closestName(name: string, known: string[]): string | undefined {
	const distance = (a: string, b: string): number => {
		const row = Array.from({ length: b.length + 1 }, (_, i) => i);
		for (let i = 1; i <= a.length; i++) {
			let previous = row[0]!;
			row[0] = i;
			for (let j = 1; j <= b.length; j++) {
				const current = row[j]!;
				row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
				previous = current;
			}
		}
		return row[b.length]!;
	};
	let best: { name: string; d: number } | undefined;
	for (const candidate of known) {
		const d = candidate.toLowerCase() === name.toLowerCase() ? 0 : distance(name, candidate);
		if (d <= 3 && (!best || d < best.d)) best = { name: candidate, d };
	}
	return best?.name;
}
