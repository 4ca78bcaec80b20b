/**
 * A run step that changes where traffic goes and then probes that traffic in
 * the same step, without retry=, races the components that apply the change.
 * kube-proxy programs Service and endpoint changes asynchronously (since
 * Kubernetes 1.34 its rule syncs are at least minSyncPeriod apart, 1 s by
 * default), and ServiceLB, Traefik and CoreDNS follow changes on their own
 * time, so the probe can be refused or answered by the old rules: a lab that
 * passes on one run and fails on the next.
 *
 * The rule, applied to each run step without retry=:
 * - a command changes routing when it is
 *   - `kubectl apply|create|replace -f F` where F declares (a line `kind: K`)
 *     one of ROUTING_KINDS; F is a lab file, or `-` with the manifest from a
 *     here-document of the step or a lab file named on the same line
 *     (`sed … svc.yaml | kubectl apply -f -`, `kubectl apply -f - < svc.yaml`);
 *   - `kubectl expose`, `kubectl create service|ingress`;
 *   - `kubectl patch|edit|set|annotate|delete` of one of ROUTING_KINDS
 *     (`svc/echo`, `service echo`, or `-f F` as above);
 *   - `kubectl scale`, `kubectl rollout restart|undo`, and `kubectl label` or
 *     `kubectl delete` of pods: endpoints follow replicas and pod labels;
 * - a command probes traffic when it runs curl, wget, nc, dig, nslookup or
 *   `agnhost connect`, also inside `kubectl exec|run|debug … --`,
 *   `sh -c '…'` and `$(…)`;
 * - a probe after a change in the same step is flagged, at the probe's line,
 *   unless, in between, the step starts a wait for the change in the
 *   background (`kubectl rollout status … &`, `kubectl wait … &`) and probes
 *   while it runs: a step that watches traffic during a rollout on purpose.
 *   A wait in the foreground does not exempt a probe: a Deployment or an
 *   EndpointSlice being ready says nothing of kube-proxy's rules.
 * Which object the probe reaches is not checked: any probe after a change.
 */
import type { LabProblem } from '../extract/errors.ts';
import { isLabFileArgument, normaliseLabPath } from '../extract/file-references.ts';
import { hereDocuments, kubectlVerb, programOf, simpleCommands } from '../extract/shell-words.ts';
import type { Lab, RunStep } from '../model/lab.ts';

/** Kinds whose objects decide where traffic goes: Services and their endpoints, ingress and Gateway API routing, network policies, k3s's Traefik install and Traefik's own routes. */
export const ROUTING_KINDS: readonly string[] = [
	'Service', 'Endpoints', 'EndpointSlice', 'Ingress', 'IngressClass', 'Gateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute',
	'TLSRoute', 'TCPRoute', 'UDPRoute', 'NetworkPolicy', 'HelmChart', 'HelmChartConfig', 'IngressRoute', 'IngressRouteTCP',
	'IngressRouteUDP', 'Middleware', 'TraefikService',
];

/** Programs that send traffic to an address and report what answered. */
const PROBE_PROGRAMS = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'dig', 'nslookup']);

/** kubectl's short names for the routing kinds, beside their lowercase singular and plural. */
const SHORT_NAMES: Record<string, string> = { svc: 'Service', ep: 'Endpoints', ing: 'Ingress', netpol: 'NetworkPolicy', po: 'Pod' };

/** kubectl flags that take the next word as their value (when not written `--flag=value`). */
const VALUE_FLAGS = new Set(['-n', '--namespace', '-p', '--patch', '--type', '-l', '--selector', '-o', '--output', '-c', '--container', '--context', '--field-selector', '--replicas', '--port', '--target-port', '--name', '--protocol', '--timeout']);

/** The kind a resource word names (`svc`, `services`, `endpointslices.discovery.k8s.io`, `Pod`), or undefined. */
function kindOf(resource: string): string | undefined {
	const name = resource.toLowerCase().split('.')[0]!;
	if (SHORT_NAMES[name]) return SHORT_NAMES[name];
	return [...ROUTING_KINDS, 'Pod'].find((kind) => {
		const lower = kind.toLowerCase();
		return name === lower || name === `${lower}s` || name === `${lower}es` || name === lower.replace(/y$/, 'ies');
	});
}

/** The kinds a manifest text declares, one per line `kind: K` (also `- kind: K` in a List). */
export function declaredKinds(manifest: string): string[] {
	return [...manifest.matchAll(/^\s*(?:-\s+)?kind:\s*["']?([A-Za-z]+)/gm)].map((m) => m[1]!);
}

/** The words of a kubectl command after its sub-command that are not flags or flag values. */
function positionals(args: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg.startsWith('-')) {
			if (VALUE_FLAGS.has(arg)) i += 1;
		} else out.push(arg);
	}
	return out;
}

/** The kinds named by resource arguments: `TYPE NAME`, `TYPE1,TYPE2`, or `TYPE/NAME …`. */
function namedKinds(args: readonly string[]): string[] {
	return positionals(args).flatMap((word, i) => {
		const types = word.includes('/') ? [word.split('/')[0]!] : i === 0 ? word.split(',') : [];
		return types.flatMap((type) => kindOf(type) ?? []);
	});
}

/** The manifests `-f`/`--filename` name in kubectl arguments: lab file paths, or `-`. */
function manifestArgs(args: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg === '-f' || arg === '--filename') out.push(args[++i] ?? '');
		else {
			const eq = /^(?:-f|--filename)=(.*)$/.exec(arg);
			if (eq) out.push(eq[1]!);
		}
	}
	return out;
}

/** What one step reads manifests from: the lab's files by path, and for `-f -` the step's here-documents and the files named on each line. */
interface Context {
	files: Map<string, string[]>;
	heredocKinds: string[];
	/** Kinds of the lab files named anywhere on each line of the step (for `… | kubectl apply -f -`). */
	lineKinds: Map<number, string[]>;
}

/** How a change of each kind of object is said in a problem. */
const VERB_TEXT: Record<string, string> = { patch: 'patches', edit: 'edits', annotate: 'annotates', set: 'sets a field of', delete: 'deletes' };

const isRouting = (kind: string) => ROUTING_KINDS.includes(kind);

/** Why a kubectl command (its arguments after `kubectl`) changes routing, or undefined when it does not. */
function routingChange(args: readonly string[], line: number, context: Context): string | undefined {
	const { verb, rest } = kubectlVerb(args);
	const first = positionals(rest)[0] ?? '';
	const kindsIn = (file: string) => (file === '-' ? [...context.heredocKinds, ...(context.lineKinds.get(line) ?? [])] : (context.files.get(normaliseLabPath(file)) ?? []));
	const describe = (kinds: readonly string[]) => [...new Set(kinds)].map((k) => `${/^[AEIOU]/.test(k) ? 'an' : 'a'} ${k}`).join(', ');
	switch (verb) {
		case 'apply':
		case 'create':
		case 'replace': {
			const declared = manifestArgs(rest).flatMap((file) => {
				const kinds = kindsIn(file).filter(isRouting);
				return kinds.length ? [`${file === '-' ? 'the manifest it reads' : file} declares ${describe(kinds)}`] : [];
			});
			if (declared.length) return declared.join('; ');
			if (verb === 'create' && ['service', 'svc'].includes(first)) return 'it creates a Service';
			if (verb === 'create' && ['ingress', 'ing'].includes(first)) return 'it creates an Ingress';
			return undefined;
		}
		case 'expose':
			return 'it creates a Service';
		case 'scale':
			return 'it changes how many pods back a Service';
		case 'rollout':
			return first === 'restart' || first === 'undo' ? 'it replaces the pods behind a Service' : undefined;
		case 'label':
			return namedKinds(rest).includes('Pod') ? 'it relabels pods, which Service selectors match' : undefined;
		case 'patch':
		case 'edit':
		case 'annotate':
		case 'set':
		case 'delete': {
			const targets = verb === 'set' ? rest.slice(rest.indexOf(first) + 1) : rest;
			const kinds = [...namedKinds(targets), ...manifestArgs(rest).flatMap(kindsIn)].filter((k) => isRouting(k) || (verb === 'delete' && k === 'Pod'));
			return kinds.length ? `it ${VERB_TEXT[verb]} ${describe(kinds)}` : undefined;
		}
		default:
			return undefined;
	}
}

/** The `$(…)` and backquoted command substitutions inside a word. */
function substitutions(word: string): string[] {
	const found: string[] = [];
	for (let at = word.indexOf('$('); at !== -1; at = word.indexOf('$(', at + 2)) {
		let depth = 0;
		let end = at + 1;
		for (; end < word.length; end++) {
			if (word[end] === '(') depth += 1;
			else if (word[end] === ')' && --depth === 0) break;
		}
		found.push(word.slice(at + 2, end));
	}
	for (const m of word.matchAll(/`([^`]*)`/g)) found.push(m[1]!);
	return found;
}

/** A change, a probe, or a wait started in the background, in the order the step runs them; `line` is 0-based in the step's command. */
export type ProbeEvent = { kind: 'change'; line: number; what: string } | { kind: 'probe'; line: number } | { kind: 'watch'; line: number };

/** One simple command's words: is it a change, a probe or a background wait, and what runs inside it (`kubectl exec … --`, `sh -c`, `$(…)`). */
function visit(words: readonly string[], line: number, context: Context, events: ProbeEvent[], background = false): void {
	const { program, args } = programOf(words);
	if (PROBE_PROGRAMS.has(program) || (program === 'agnhost' && args[0] === 'connect')) events.push({ kind: 'probe', line });
	if (program === 'kubectl') {
		const what = routingChange(args, line, context);
		if (what) events.push({ kind: 'change', line, what });
		const { verb, rest, inPod } = kubectlVerb(args);
		if (background && (verb === 'wait' || (verb === 'rollout' && positionals(rest)[0] === 'status'))) events.push({ kind: 'watch', line });
		if (inPod.length) visit(inPod, line, context, events);
	}
	if (['sh', 'bash', 'ash'].includes(program)) {
		const script = args[args.indexOf('-c') + 1];
		if (args.includes('-c') && script) walk(script, line, context, events);
	}
	for (const word of words) for (const inner of substitutions(word)) walk(inner, line, context, events);
}

/** Every change and probe of a shell text, lines counted from `baseLine`. */
function walk(text: string, baseLine: number, context: Context, events: ProbeEvent[]): void {
	for (const { words, line, background } of simpleCommands(text)) visit(words, baseLine + line, context, events, background);
}

/** The changes and probes of one run step, in order. */
export function stepEvents(step: RunStep, files: Map<string, string[]>): ProbeEvent[] {
	const lineKinds = new Map<number, string[]>();
	for (const { words, redirects, line } of simpleCommands(step.command)) {
		const named = [...words, ...redirects.flatMap((r) => (r.op === '<' && r.target ? [r.target] : []))].filter(isLabFileArgument);
		lineKinds.set(line, [...(lineKinds.get(line) ?? []), ...named.flatMap((word) => files.get(normaliseLabPath(word)) ?? [])]);
	}
	const context: Context = { files, heredocKinds: hereDocuments(step.command).flatMap(declaredKinds), lineKinds };
	const events: ProbeEvent[] = [];
	walk(step.command, 0, context, events);
	return events;
}

/** Line `line` (0-based) of a step's command as written, shortened for a message. */
function lineText(command: string, line: number): string {
	const text = (command.split('\n')[line] ?? '').trim();
	return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** Run steps without retry= that probe traffic after changing routing in the same step. */
export function probeRetryProblems(lab: Lab): LabProblem[] {
	const files = new Map(lab.steps.flatMap((s) => (s.kind === 'file' ? [[s.path, declaredKinds(s.content)] as const] : [])));
	return lab.runs.flatMap((step) => {
		if (step.options.retry > 0) return [];
		let change: Extract<ProbeEvent, { kind: 'change' }> | undefined;
		let probe: ProbeEvent | undefined;
		for (const event of stepEvents(step, files)) {
			if (event.kind === 'change') change ??= event;
			else if (event.kind === 'watch') change = undefined;
			else if (change) {
				probe = event;
				break;
			}
		}
		if (!change || !probe) return [];
		return [
			{
				file: lab.file,
				line: step.position.line + 1 + probe.line,
				found: `step ${step.index + 1} changes routing (\`${lineText(step.command, change.line)}\`: ${change.what}) and then probes traffic (\`${lineText(step.command, probe.line)}\`), without retry=`,
				expected: 'apply in one step, probe in the next with retry=',
				hint:
					'kube-proxy applies a Service or endpoint change asynchronously (since Kubernetes 1.34 its rule syncs are at least a second apart), and ServiceLB, Traefik and CoreDNS follow changes on their own time, so this probe can be refused; ' +
					'end the step after the change and move the probe into the next run block with retry=30, whose expectation says what the probe must see',
			},
		];
	});
}
