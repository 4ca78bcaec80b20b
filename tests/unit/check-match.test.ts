import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchOutput } from '../../scripts/check/index.ts';

/** Real kubectl outputs from upstream docs (see tests/fixtures/check/SOURCES.md). */
const sample = (name: string) => readFileSync(`tests/fixtures/check/samples/${name}`, 'utf8');

describe('matchOutput: an expectation written from one real run holds on another', () => {
	it('get deployments, 18 s and 36 s after creation', () => {
		expect(matchOutput(sample('get-deployments-ready.txt'), sample('get-deployments-updated.txt'))).toEqual({ ok: true, diff: '' });
	});

	it('nslookup of a StatefulSet pod before and after it was rescheduled to a new IP', () => {
		expect(matchOutput(sample('nslookup-web-0.txt'), sample('nslookup-web-0-rescheduled.txt')).ok).toBe(true);
	});

	it('pods re-created with new names, IPs and ages (nodes skipped with ...)', () => {
		const expected = sample('get-pods-wide-first.txt').replace(/kubernetes-minion-\w+/g, '...');
		expect(matchOutput(expected, sample('get-pods-wide-recreated.txt')).ok).toBe(true);
		// Without the ellipsis the node placement differs, and the matcher says so.
		expect(matchOutput(sample('get-pods-wide-first.txt'), sample('get-pods-wide-recreated.txt')).ok).toBe(false);
	});

	it('ignores column widths: an author may align columns differently', () => {
		const authored = 'NAME READY UP-TO-DATE AVAILABLE AGE\nnginx-deployment   3/3  3  3  1m';
		// A single space is not a column gap: an author must leave at least two, as kubectl does.
		expect(matchOutput(authored, sample('get-deployments-ready.txt')).ok).toBe(false);
		expect(matchOutput(authored.replace(/ /g, '  '), sample('get-deployments-ready.txt')).ok).toBe(true);
	});
});

describe('matchOutput catches what a reader relies on', () => {
	it('a Deployment that is not ready yet', () => {
		const result = matchOutput(sample('get-deployments-ready.txt'), sample('get-deployments-creating.txt'));
		expect(result.ok).toBe(false);
		expect(result.diff).toContain('- nginx-deployment   3/3     3            3           18s');
		expect(result.diff).toContain('+ nginx-deployment   0/3     0            0           1s');
		expect(result.diff).toContain('@@ first difference: expected line 2, output line 2 @@');
	});

	it('a different StatefulSet pod (ordinals are identities)', () => {
		expect(matchOutput('web-0     1/1       Running   0          19s', 'web-1     1/1       Running   0         18s').ok).toBe(false);
	});

	it('a different Service type, port or name', () => {
		const actual = sample('get-svc.txt');
		for (const wrong of ['NodePort   10.0.162.149   <none>        80/TCP', 'ClusterIP   10.0.162.149   <none>        8080/TCP', 'ClusterIP   10.0.162.149   <none>        80/UDP']) {
			const expected = `NAME       TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE\nmy-nginx   ${wrong}    21s`;
			expect(matchOutput(expected, actual).ok, wrong).toBe(false);
		}
		expect(matchOutput(actual.replace('my-nginx', 'my-nginy'), actual).ok).toBe(false);
	});

	it('a headless Service where a cluster IP was expected', () => {
		expect(matchOutput('nginx     ClusterIP    10.43.0.20   <none>        80/TCP    12s', 'nginx     ClusterIP    None         <none>        80/TCP    12s').ok).toBe(false);
	});

	it('an IPv4 address where an IPv6 one is printed stays a match (both are addresses), a hostname does not', () => {
		expect(matchOutput('Address 1: 10.244.1.6', 'Address 1: fd00:10:42::6').ok).toBe(true);
		expect(matchOutput('Address 1: 10.244.1.6', 'Address 1: web-0.nginx').ok).toBe(false);
	});
});

describe('matchOutput doctest semantics', () => {
	it('a line holding only ... matches any number of lines, including none', () => {
		const expected = '...\ndeployment "nginx-deployment" successfully rolled out';
		expect(matchOutput(expected, sample('rollout-status.txt')).ok).toBe(true);
		expect(matchOutput(expected, 'deployment "nginx-deployment" successfully rolled out').ok).toBe(true);
		expect(matchOutput(expected, 'Waiting for deployment "nginx-deployment" rollout to finish: 0 of 3 updated replicas are available...\nerror: timed out waiting for the condition').ok).toBe(false);
	});

	it('... inside a line matches any text there', () => {
		expect(matchOutput('Waiting for rollout to finish: ... updated...', sample('rollout-status.txt').split('\n')[0]!).ok).toBe(true);
		expect(matchOutput('NAME ... AGE', 'NAME   TYPE   AGE').ok).toBe(true);
		expect(matchOutput('Error from server (NotFound): ...', 'Error from server (Forbidden): services is forbidden').ok).toBe(false);
	});

	it('a watch: the first and last states with any transitions in between', () => {
		const expected = ['NAME      READY     STATUS    RESTARTS   AGE', 'web-0     0/1       Pending   0          0s', '...', 'web-1     1/1       Running   0          18s'].join('\n');
		expect(matchOutput(expected, sample('get-pods-watch-statefulset.txt')).ok).toBe(true);
		expect(matchOutput(expected, sample('get-pods-watch-restart.txt')).ok).toBe(false);
	});

	it('ignores trailing whitespace and trailing blank lines on both sides', () => {
		expect(matchOutput('service/echo created   \n\n', 'service/echo created\n').ok).toBe(true);
		expect(matchOutput('service/echo created', '\nservice/echo created').ok).toBe(false);
	});

	it('an empty expectation matches only empty output', () => {
		expect(matchOutput('', '').ok).toBe(true);
		expect(matchOutput('', '\n').ok).toBe(true);
		const result = matchOutput('No resources found in default namespace.', '');
		expect(result.ok).toBe(false);
		expect(result.diff).toContain('(the command printed nothing)');
	});

	it('shortens a long run of lines covered by an ellipsis in the diff', () => {
		const actual = ['start', ...Array.from({ length: 40 }, (_, i) => `line ${i}`), 'end'].join('\n');
		const lines = matchOutput('start\n...\nEND', actual).diff.split('\n');
		// The cheapest alignment lets the ellipsis cover all 41 lines after "start"; only END is missing.
		expect(lines).toContain('~ … 37 more lines matched by ...');
		expect(lines.filter((l) => l.startsWith('~ ') && !l.includes('…'))).toEqual(['~ line 0', '~ line 1', '~ line 2', '~ line 39', '~ end']);
		expect(lines.slice(-2)).toEqual(['@@ first difference: expected line 3, output line 42 @@', '- END']);
	});

	it('shows lines an ellipsis covered, and the real lines, in the diff', () => {
		const result = matchOutput('a\n...\nd\ne', 'a\nb\nc\nd\nE');
		expect(result.ok).toBe(false);
		expect(result.diff.split('\n')).toEqual(['--- expected', '+++ actual (real output)', '  a', '  ...', '~ b', '~ c', '  d', '@@ first difference: expected line 4, output line 5 @@', '- e', '+ E']);
	});
});
