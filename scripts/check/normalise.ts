/**
 * Kubernetes-aware normalisation of command output. Applied to both the
 * authored expectation and the real output before matching, so values that
 * change from run to run (ages, generated names, IPs, UIDs, resourceVersions,
 * timestamps, column widths) never fail a lab, while everything a reader can
 * rely on (names, types, ports, counts, messages) still has to match.
 *
 * It works line by line and never adds or removes lines, so a diff can show
 * the original lines next to the verdicts made on normalised ones.
 */

/** Placeholders that replace volatile values; authors may also write them in expectations. */
export const PLACEHOLDER = {
	time: '<time>',
	uid: '<uid>',
	hex: '<hex>',
	ip: '<ip>',
	age: '<age>',
	rv: '<rv>',
	hash: '<hash>',
	id: '<id>',
} as const;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;

const TIMESTAMPS: RegExp[] = [
	// RFC 3339 / ISO 8601: 2026-11-22T19:22:17Z, 2026-11-22T19:22:17.123456+00:00
	/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?(?: [A-Z]{3,4})?(?: m=[+-]\d+\.\d+)?/g,
	// RFC 1123 as in kubectl describe: Sun, 22 Nov 2026 19:22:17 +0000
	/\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (?:[+-]\d{4}|[A-Z]{3,4})/g,
	// klog headers: I1122 19:22:17.123456
	/\b[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d{6}\b/g,
];

const UID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** Container IDs, image digests, tokens: 32+ hex digits. */
const LONG_HEX = /\b[0-9a-f]{32,}\b/g;
/**
 * Docker's default hostname, the first 12 hex digits of the container ID: the
 * k3s node name in a test container. Anywhere in a line when it mixes digits
 * and letters; all digits (about 1 container in 280) or all letters only where
 * a node name stands (see NODE_NAME_BEFORE and isCell), so plain numbers stay.
 */
const CONTAINER_HOSTNAME = /(?<![\w.-])[0-9a-f]{12}(?![\w-])/g;
/** Text right before a node name: `Node:`, `nodeName:`, `hostname=`, `node/`, the scheduler's "assigned ns/pod to". */
const NODE_NAME_BEFORE = /(?:\b(?:[Nn]ode(?:[Nn]ame)?|[Hh]ost[Nn]ame):[ \t]*"?|hostname[=:] ?"?|\bnodes?\/|\bassigned \S+ to )$/;
const RESOURCE_VERSION = /(["']?resourceVersion["']?\s*[:=]\s*["']?)\d+(["']?)/g;

const H16 = '[0-9a-fA-F]{1,4}';
const IPV4 = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}';
/** IPv6 in the forms Kubernetes prints: full, compressed with ::, and with an embedded IPv4 tail. */
const IPV6 = [
	`(?:${H16}:){7}${H16}`,
	`(?:${H16}:){1,6}:${IPV4}`,
	`::(?:ffff:)?${IPV4}`,
	`(?:${H16}:){1,7}:(?:${H16}(?::${H16}){0,6})?`,
	`::(?:${H16}(?::${H16}){0,6})?`,
].join('|');
const IPV6_RE = new RegExp(`(?<![\\w:.])(?:${IPV6})(?![\\w:]*[\\w])`, 'g');
const IPV4_RE = new RegExp(`(?<![\\w.])${IPV4}(?![\\w.]*\\d)`, 'g');

/**
 * Ages and durations as kubectl prints them (k8s.io/apimachinery duration.HumanDuration and
 * ShortHumanDuration: 5s, 3m2s, 2h15m, 2d4h, 45h, 3y) and as other tools do (1.5s, 250ms), and
 * <invalid>. Not part of a longer word (echo-5s stays) and not a number followed by other
 * letters (5Mi stays). A bare number of minutes (100m) is also how a CPU quantity is written,
 * so it counts only where an age stands (see isAge).
 */
const DURATION = /(?<![\w.<>-])(?:\d+(?:\.\d+)?(?:ms|µs|us|ns|[smhdy])){1,4}(?![\w.-])|<invalid>/g;
const BARE_MINUTES = /^\d+(?:\.\d+)?m$/;
/** HumanDuration prints bare minutes from 2m to 179m (3 h and over gain an h); ShortHumanDuration up to 59m. */
const MAX_AGE_MINUTES = 179;

/**
 * Characters of the random suffixes Kubernetes generates: k8s.io/apimachinery
 * rand.String and rand.SafeEncodeString draw from "bcdfghjklmnpqrstvwxz2456789"
 * (no vowels, no 0, 1 or 3).
 */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
/**
 * pod-template-hash and controller revision hashes: SafeEncodeString of a
 * uint32 in decimal, so each digit 0-9 maps to one of "456789bcdf" (48 % 27 = 21
 * is "4"): 6 to 10 of those characters (a shorter decimal is one in 40,000).
 */
const HASH = '[4-9bcdf]{6,10}';
/** Deployment pods: <deployment>-<hash>-<5 random> (the ReplicaSet's generateName plus names.SimpleNameGenerator's 5). */
const POD_OF_RS = new RegExp(`-${HASH}-${SAFE}{5}(?![\\w-])`, 'g');
/** ReplicaSets, ControllerRevisions and pod-template-hash label values: <owner>-<hash> or pod-template-hash=<hash>. */
const RS_HASH = new RegExp(`(?<=-|(?:pod-template|controller-revision)-hash[=:] ?"?)${HASH}(?![\\w-])`, 'g');
/** k3s ServiceLB DaemonSets are named svclb-<service>-<first 8 hex of the Service UID> (k3s pkg/cloudprovider/servicelb.go generateName). */
const SVCLB = /\b(svclb-[a-z0-9-]+?)-[0-9a-f]{8}(?=-[a-z0-9]{5}(?![\w-])|(?![\w-]))/g;
/**
 * Job, DaemonSet and generateName pods, EndpointSlices: <owner>-<5 random>
 * (names.SimpleNameGenerator). All digits count too (my-nginx-47562): a
 * StatefulSet ordinal that long would need over 22,000 replicas.
 */
const GENERATED = new RegExp(`-(${SAFE}{5})(?![\\w-])`, 'g');
/**
 * Name parts an author chose that Kubernetes could also have drawn: a Service
 * `echo-https` is not `echo-http2`. One random suffix in millions spells one.
 */
const NOT_GENERATED: ReadonlySet<string> = new Set(['https', 'http2', 'grpcs']);

/** Two or more spaces, or any run of blanks holding a tab, between columns: tables and `describe` lines. */
const COLUMN_GAP = /(?<=\S)(?:[ \t]*\t[ \t]*| {2,})(?=\S)/g;

/**
 * True when line[start, end) is a whole column of a table row that has more
 * than one: a column gap (or the line's indentation) before it and a gap (or
 * the line's end) after it. Ages and node names stand there in kubectl tables
 * and in `describe` event lists.
 */
function isCell(line: string, start: number, end: number): boolean {
	const before = line.slice(0, start);
	const after = line.slice(end);
	const first = !before.trim();
	const last = !after.trim();
	if (first && last) return false;
	return (first || /(?:\t| {2})$/.test(before)) && (last || /^(?:\t| {2})/.test(after));
}

/**
 * A bare number of minutes (up to MAX_AGE_MINUTES) is an age before "ago", in
 * an event count ("2m (x5 over 9m)") or in a table column that no key names
 * (describe's `cpu:  100m` is a quantity).
 */
function isAge(line: string, start: number, text: string): boolean {
	if (!BARE_MINUTES.test(text)) return true;
	if (Number.parseFloat(text) > MAX_AGE_MINUTES) return false;
	const end = start + text.length;
	const before = line.slice(0, start);
	if (/^ (?:ago\b|\(x\d+ over )/.test(line.slice(end)) || /\(x\d+ over $/.test(before)) return true;
	return isCell(line, start, end) && !before.trimEnd().endsWith(':');
}

/** A 12-hex token is a container hostname when it mixes digits and letters, or stands where a node name does. */
function isContainerHostname(line: string, start: number, text: string): boolean {
	if (/\d/.test(text) && /[a-f]/.test(text)) return true;
	return NODE_NAME_BEFORE.test(line.slice(0, start)) || isCell(line, start, start + text.length) || !line.replace(text, '').trim();
}

/** Normalises one line (see the module comment). */
export function normaliseLine(line: string): string {
	let out = line.replace(ANSI, '').replace(/\r/g, '');
	for (const re of TIMESTAMPS) out = out.replace(re, PLACEHOLDER.time);
	out = out
		.replace(UID, PLACEHOLDER.uid)
		.replace(LONG_HEX, PLACEHOLDER.hex)
		.replace(CONTAINER_HOSTNAME, (hex, at: number, line: string) => (isContainerHostname(line, at, hex) ? PLACEHOLDER.hex : hex))
		.replace(RESOURCE_VERSION, `$1${PLACEHOLDER.rv}$2`)
		.replace(IPV6_RE, PLACEHOLDER.ip)
		.replace(IPV4_RE, PLACEHOLDER.ip)
		.replace(DURATION, (text, at: number, line: string) => (isAge(line, at, text) ? PLACEHOLDER.age : text))
		.replace(SVCLB, `$1-${PLACEHOLDER.uid}`)
		.replace(POD_OF_RS, `-${PLACEHOLDER.hash}-${PLACEHOLDER.id}`)
		.replace(RS_HASH, PLACEHOLDER.hash)
		.replace(GENERATED, (text, suffix: string) => (NOT_GENERATED.has(suffix) ? text : `-${PLACEHOLDER.id}`))
		.replace(COLUMN_GAP, '  ');
	return out.trimEnd();
}

/**
 * Normalises command output or an expectation: line endings to \n, ANSI
 * colours dropped, each line normalised (normaliseLine), trailing blank lines
 * removed. Leading indentation is kept (YAML and describe output depend on it).
 */
export function normalise(text: string): string {
	return splitLines(text).map(normaliseLine).join('\n');
}

/** Splits output into lines, dropping one final newline and trailing blank lines (they never matter). */
export function splitLines(text: string): string[] {
	const lines = text.replace(/\r\n?/g, '\n').split('\n');
	while (lines.length && !lines[lines.length - 1]!.trim()) lines.pop();
	return lines;
}
