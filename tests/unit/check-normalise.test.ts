import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalise, normaliseLine } from '../../scripts/check/index.ts';

/** Real kubectl outputs from upstream docs (see tests/fixtures/check/SOURCES.md). */
const sample = (name: string) => readFileSync(`tests/fixtures/check/samples/${name}`, 'utf8');
const rows = (name: string) => normalise(sample(name)).split('\n');

describe('normalise over real kubectl output', () => {
	it('turns Deployment pod names, pod IPs and ages into placeholders and keeps everything else', () => {
		expect(rows('get-pods-wide-first.txt')).toEqual([
			'NAME  READY  STATUS  RESTARTS  AGE  IP  NODE',
			'my-nginx-<hash>-<id>  1/1  Running  0  <age>  <ip>  kubernetes-minion-905m',
			'my-nginx-<hash>-<id>  1/1  Running  0  <age>  <ip>  kubernetes-minion-ljyd',
		]);
	});

	it('normalises ReplicaSet names and pod-template-hash labels, old numeric hashes too', () => {
		expect(rows('get-rs.txt')[1]).toBe('nginx-deployment-<hash>  3  3  3  <age>');
		expect(rows('get-rs-after-update.txt').slice(1)).toEqual(['nginx-deployment-<hash>  3  3  3  <age>', 'nginx-deployment-<hash>  0  0  0  <age>']);
		expect(rows('get-pods-show-labels.txt')[1]).toBe('nginx-deployment-<hash>-<id>  1/1  Running  0  <age>  app=nginx,pod-template-hash=<hash>');
	});

	it('keeps StatefulSet ordinals, which are stable identities', () => {
		const watch = rows('get-pods-watch-statefulset.txt');
		expect(watch[1]).toBe('web-0  0/1  Pending  0  <age>');
		expect(watch[8]).toBe('web-1  1/1  Running  0  <age>');
		expect(rows('get-pvc.txt')[1]).toBe('www-web-0  Bound  pvc-<uid>  1Gi  RWO  <age>');
	});

	it('normalises k3s system pods: Job pods, ServiceLB DaemonSets, restarts "(21h ago)"', () => {
		const all = rows('k3s-get-pods-all-namespaces.txt');
		expect(all).toContain('kube-system  coredns-<hash>-<id>  1/1  Running  1 (<age> ago)  <age>');
		expect(all).toContain('kube-system  helm-install-traefik-crd-<id>  0/1  Completed  0  <age>');
		expect(all).toContain('kube-system  svclb-traefik-<uid>-<id>  2/2  Running  2  <age>');
		expect(all).toContain('kube-system  local-path-provisioner-<hash>-<id>  1/1  Running  1 (<age> ago)  <age>');
	});

	it('normalises EndpointSlice generated names and endpoint lists', () => {
		expect(rows('get-endpointslices.txt')[1]).toBe('my-nginx-<id>  IPv4  80  <ip>,<ip>  <age>');
	});

	it('normalises IPv4 and IPv6 addresses, CIDRs and host:port, keeping ports and prefix lengths', () => {
		expect(rows('describe-svc.txt')).toContain('Endpoints:  <ip>:80,<ip>:80');
		expect(rows('describe-svc.txt')).toContain('Port:  <unset> 80/TCP');
		expect(rows('pod-cidrs-dual-stack.txt')).toEqual(['<ip>/24', '<ip>/24']);
		expect(rows('node-addresses-dual-stack.txt')).toEqual(['Hostname: k8s-linuxpool1-34450317-0', 'InternalIP: <ip>', 'InternalIP: <ip>']);
		expect(rows('etc-hosts-dual-stack.txt').slice(1, 4)).toEqual(['<ip>  localhost', '<ip>  localhost ip6-localhost ip6-loopback', '<ip>  ip6-localnet']);
		expect(rows('get-svc-ipv6-lb.txt')[1]).toBe('my-service  ClusterIP  <ip>  <ip>  80:31868/TCP  <age>');
		expect(normaliseLine('curl http://[fd00:10:43::a]:8080/ and 10.43.0.10:53')).toBe('curl http://[<ip>]:8080/ and <ip>:53');
	});

	it('normalises timestamps, UIDs and resourceVersions in YAML output', () => {
		const yaml = rows('get-svc-yaml.txt');
		expect(yaml).toContain('  creationTimestamp: "<time>"');
		expect(yaml).toContain('  resourceVersion: "<rv>"');
		expect(yaml).toContain('  uid: <uid>');
		expect(yaml).toContain('  clusterIP: <ip>');
		expect(yaml).toContain('    targetPort: 9376');
		expect(normaliseLine('"resourceVersion": "1306304",')).toBe('"resourceVersion": "<rv>",');
	});

	it('normalises describe timestamps and event ages but keeps indentation', () => {
		const describe = rows('describe-deployment.txt');
		expect(describe[2]).toBe('CreationTimestamp:  <time>');
		expect(describe).toContain('    Normal  ScalingReplicaSet  <age>  deployment-controller  Scaled up replica set nginx-deployment-<hash> to 3');
		expect(describe).toContain('      Image:  nginx:1.16.1');
	});

	it('normalises durations in all the forms kubectl prints', () => {
		for (const d of ['5s', '3m2s', '2d4h', '45h', '3y', '1.5s', '250ms', '<invalid>']) expect(normaliseLine(`x  ${d}`)).toBe('x  <age>');
		// Not durations: quantities with other units, versions, names that end in a unit letter.
		expect(normaliseLine('5Mi 1Gi v1.36.2 kubernetes-minion-905m echo-5s')).toBe('5Mi 1Gi v1.36.2 kubernetes-minion-905m echo-5s');
		// Known limit: 100m (CPU millicores) reads exactly like 100 minutes, so it is normalised too.
		expect(normaliseLine('cpu: 100m')).toBe('cpu: <age>');
	});

	it('leaves stable words alone (ports, types, <none>, messages)', () => {
		expect(sample('rollout-status.txt').trim()).toBe(normalise(sample('rollout-status.txt')));
		expect(rows('get-svc-headless.txt')[1]).toBe('nginx  ClusterIP  None  <none>  80/TCP  <age>');
	});

	it('never adds or removes lines, except trailing blank ones', () => {
		for (const name of ['describe-deployment.txt', 'nslookup-web-0.txt', 'etc-hosts-dual-stack.txt']) {
			expect(normalise(sample(name)).split('\n')).toHaveLength(sample(name).trimEnd().split('\n').length);
		}
		expect(normalise('a\r\nb  \n\n\n')).toBe('a\nb');
	});

	it('normalises a test container\'s node name (Docker\'s 12-hex hostname) and container IDs', () => {
		// Constructed in the shape kubectl prints for a k3s node in a container (not an upstream sample).
		expect(normaliseLine('3f2a9b7c1d4e   Ready    control-plane   45s   v1.36.2+k3s1')).toBe('<hex>  Ready  control-plane  <age>  v1.36.2+k3s1');
		expect(normaliseLine('Container ID:  containerd://' + 'ab12'.repeat(16))).toBe('Container ID:  containerd://<hex>');
		expect(normaliseLine('count 123456789012 and word deadbeefcafe')).toBe('count 123456789012 and word deadbeefcafe');
	});

	it('does not take clock times or port mappings for IPv6 addresses', () => {
		expect(normaliseLine('10:56:25 80:31868/TCP a:b')).toBe('10:56:25 80:31868/TCP a:b');
	});

	it('keeps placeholders an author wrote', () => {
		expect(normaliseLine('echo  ClusterIP  <ip>  <none>  80/TCP  <age>')).toBe('echo  ClusterIP  <ip>  <none>  80/TCP  <age>');
	});

	it('reads a tab as a column gap, and a single space as part of a value', () => {
		expect(normaliseLine('web-0\t10.42.0.9 \ttrue')).toBe('web-0  <ip>  true');
		expect(normaliseLine('1 (5s ago)')).toBe('1 (<age> ago)');
	});

	it('drops terminal colour codes', () => {
		expect(normaliseLine('\u001b[32mdeployment.apps/echo created\u001b[0m')).toBe('deployment.apps/echo created');
	});
});
