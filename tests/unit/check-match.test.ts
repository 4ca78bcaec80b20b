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

	it('the row of one pod of a Deployment or DaemonSet holds for its sibling (new generated name and age)', () => {
		const [, first, second] = sample('get-pods-nginx-deployment.txt').split('\n');
		expect(matchOutput(first!, second!)).toEqual({ ok: true, diff: '' });
		const kubeadm = sample('kubeadm-get-pods-all-namespaces.txt').split('\n');
		const row = (name: string) => kubeadm.find((l) => l.includes(` ${name}`))!;
		expect(matchOutput(row('kube-proxy-fbv58'), row('kube-proxy-mf6xv')).ok).toBe(true);
		expect(matchOutput(row('coredns-64897985d-66mrq'), row('coredns-64897985d-lzv8q')).ok).toBe(true);
		// A different owner is a different pod, however random its suffix.
		expect(matchOutput(row('kube-proxy-fbv58'), row('kube-flannel-ds-bggjj')).ok).toBe(false);
	});

	it('pods of a 2017 sample re-created: names current Kubernetes cannot generate must be skipped with ...', () => {
		const expected = sample('get-pods-wide-first.txt').replace(/kubernetes-minion-\w+/g, '...').replace(/my-nginx-\S+/g, 'my-nginx-...');
		expect(matchOutput(expected, sample('get-pods-wide-recreated.txt')).ok).toBe(true);
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

describe('matchOutput normalises generated names and ages only where Kubernetes makes them', () => {
	it('a Service name ending in a protocol is the name an author chose: -https is not -http2', () => {
		// rook/rook's dashboard Service; both suffixes use only letters Kubernetes draws from, so the alphabet alone cannot tell.
		const actual = sample('rook-get-service-external-https.txt');
		expect(matchOutput(actual, actual).ok).toBe(true);
		const result = matchOutput(actual.replace('external-https', 'external-http2'), actual);
		expect(result.ok).toBe(false);
		expect(result.diff).toContain('- rook-ceph-mgr-dashboard-external-http2  NodePort');
		expect(matchOutput('echo-http2', 'echo-https').ok).toBe(false);
	});

	it('a CPU quantity is not an age: cpu: 250m does not match cpu: 100m', () => {
		const describe = sample('describe-pod-nginx.txt');
		expect(matchOutput(describe, describe).ok).toBe(true);
		// describe pod's Requests block and the same Pod as YAML (debug-running-pod.md), with another request written in the page.
		expect(matchOutput(describe.replace('cpu:        500m', 'cpu:        100m'), describe).ok).toBe(false);
		expect(matchOutput('      cpu:        250m', '      cpu:        100m').ok).toBe(false);
		expect(matchOutput('    requests:\n      cpu: 250m', '    requests:\n      cpu: 100m').ok).toBe(false);
		// Ages still match across runs, in the same document.
		expect(matchOutput(describe.replace('Scheduled  34s', 'Scheduled  12m'), describe).ok).toBe(true);
	});

	it('a generated suffix of only digits is generated too (my-nginx-47562), a StatefulSet ordinal is not', () => {
		// kube-proxy-fbv58's row (kubeadm sample) with an all-digit suffix, one Kubernetes draws about once in 850 pods.
		const kubeadm = sample('kubeadm-get-pods-all-namespaces.txt').split('\n');
		const proxy = kubeadm.find((l) => l.includes('kube-proxy-fbv58'))!;
		expect(matchOutput(proxy, proxy.replace('kube-proxy-fbv58', 'kube-proxy-47562')).ok).toBe(true);
		expect(matchOutput('pod/my-nginx-x2x9z created', 'pod/my-nginx-47562 created').ok).toBe(true);
		// Digits Kubernetes never draws (0, 1, 3), NodePort ranges and ordinals stay.
		expect(matchOutput('pod/my-nginx-x2x9z created', 'pod/my-nginx-47563 created').ok).toBe(false);
		expect(matchOutput('web-0     1/1       Running   0          19s', 'web-1     1/1       Running   0         18s').ok).toBe(false);
		expect(matchOutput('--service-node-port-range=30000-32767', '--service-node-port-range=30000-32766').ok).toBe(false);
	});

	it('a k3s node in a container is named by its 12-hex hostname, all digits included', () => {
		// The describe-pod-nginx.txt Node line and scheduler event with the node name swapped for Docker hostnames.
		const describe = sample('describe-pod-nginx.txt');
		const onNode = (name: string) => describe.replaceAll('kube-worker-1', name);
		expect(matchOutput(onNode('3f2a9b7c1d4e'), onNode('394857203948')).ok).toBe(true);
		expect(matchOutput('394857203948', '3f2a9b7c1d4e').ok).toBe(true);
		// A 12-digit number in a sentence is a number.
		expect(matchOutput('sent 394857203948 bytes', 'sent 394857203949 bytes').ok).toBe(false);
	});
});
