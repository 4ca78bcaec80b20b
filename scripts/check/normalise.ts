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
 * k3s node name in a test container. At least one digit and one letter, so
 * plain numbers and words stay.
 */
const CONTAINER_HOSTNAME = /(?<![\w.-])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{12}(?![\w-])/g;
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
 * Ages and durations: 5s, 3m2s, 2d4h, 1.5s, 250ms, 45h, 3y, <invalid>.
 * Not part of a longer word (echo-5s stays) and not a number followed by other letters (5Mi stays).
 */
const DURATION = /(?<![\w.<>-])(?:\d+(?:\.\d+)?(?:ms|µs|us|ns|[smhdy])){1,4}(?![\w.-])|<invalid>/g;

/** Characters of the random suffixes Kubernetes generates (k8s.io/apimachinery rand.SafeEncodeString: no vowels, no 0/1/3). */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
/** Deployment pods: <rs>-<pod-template-hash>-<5>, the hash 6..10 safe chars (or digits in old versions). */
const POD_OF_RS = new RegExp(`-(?:${SAFE}{6,10}|\\d{6,10})-[a-z0-9]{5}(?![\\w-])`, 'g');
/** ReplicaSets and pod-template-hash label values: <deploy>-<hash> or pod-template-hash=<hash>. */
const RS_HASH = new RegExp(`(?<=-|pod-template-hash[=:] ?"?)(?:${SAFE}{6,10}|\\d{6,10})(?![\\w-])`, 'g');
/** k3s ServiceLB DaemonSets are named svclb-<service>-<first 8 hex of the Service UID> (k3s pkg/cloudprovider/servicelb.go generateName). */
const SVCLB = /\b(svclb-[a-z0-9-]+?)-[0-9a-f]{8}(?=-[a-z0-9]{5}(?![\w-])|(?![\w-]))/g;
/** Job pods and generateName objects: <prefix>-<5 safe chars>. StatefulSet ordinals (web-0) are digits only and stay. */
const GENERATED = new RegExp(`-(?!\\d+(?![\\w-]))${SAFE}{5}(?![\\w-])`, 'g');

/** Two or more spaces, or any run of blanks holding a tab, between columns: tables and `describe` lines. */
const COLUMN_GAP = /(?<=\S)(?:[ \t]*\t[ \t]*| {2,})(?=\S)/g;

/** Normalises one line (see the module comment). */
export function normaliseLine(line: string): string {
	let out = line.replace(ANSI, '').replace(/\r/g, '');
	for (const re of TIMESTAMPS) out = out.replace(re, PLACEHOLDER.time);
	out = out
		.replace(UID, PLACEHOLDER.uid)
		.replace(LONG_HEX, PLACEHOLDER.hex)
		.replace(CONTAINER_HOSTNAME, PLACEHOLDER.hex)
		.replace(RESOURCE_VERSION, `$1${PLACEHOLDER.rv}$2`)
		.replace(IPV6_RE, PLACEHOLDER.ip)
		.replace(IPV4_RE, PLACEHOLDER.ip)
		.replace(DURATION, PLACEHOLDER.age)
		.replace(SVCLB, `$1-${PLACEHOLDER.uid}`)
		.replace(POD_OF_RS, `-${PLACEHOLDER.hash}-${PLACEHOLDER.id}`)
		.replace(RS_HASH, PLACEHOLDER.hash)
		.replace(GENERATED, `-${PLACEHOLDER.id}`)
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
