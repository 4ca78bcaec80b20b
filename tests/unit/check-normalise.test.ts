import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalise, normaliseLine } from '../../scripts/check/index.ts';

/** Real kubectl outputs from upstream docs (see tests/fixtures/check/SOURCES.md). */
const sample = (name: string) => readFileSync(`tests/fixtures/check/samples/${name}`, 'utf8');
const rows = (name: string) => normalise(sample(name)).split('\n');

describe('normalise over real kubectl output', () => {
	it('turns Deployment pod names, pod IPs and ages into placeholders and keeps everything else', () => {
		expect(rows('get-pods-nginx-deployment.txt')).toEqual(['NAME  READY  STATUS  RESTARTS  AGE', 'nginx-deployment-<hash>-<id>  1/1  Running  0  <age>', 'nginx-deployment-<hash>-<id>  1/1  Running  0  <age>']);
	});

	it('leaves names current Kubernetes cannot generate: a 2017 sample\'s decimal hashes and suffixes with vowels', () => {
		// pod-template-hash has been SafeEncodeString output (no 0, 1, 3, no vowels) for years; these came from older clusters or were typed by hand.
		expect(rows('get-pods-wide-first.txt')).toEqual([
			'NAME  READY  STATUS  RESTARTS  AGE  IP  NODE',
			'my-nginx-3800858182-jr4a2  1/1  Running  0  <age>  <ip>  kubernetes-minion-905m',
			'my-nginx-3800858182-kna2y  1/1  Running  0  <age>  <ip>  kubernetes-minion-ljyd',
		]);
		expect(rows('get-rs-after-update.txt').slice(1)).toEqual(['nginx-deployment-1564180365  3  3  3  <age>', 'nginx-deployment-2035384211  0  0  0  <age>']);
	});

	it('normalises ReplicaSet names and pod-template-hash labels', () => {
		expect(rows('get-rs.txt')[1]).toBe('nginx-deployment-<hash>  3  3  3  <age>');
		const labels = rows('get-pods-show-labels.txt');
		expect(labels[2]).toBe('nginx-deployment-<hash>-<id>  1/1  Running  0  <age>  app=nginx,pod-template-hash=<hash>');
		// The docs' first row ends in 7ci7o: vowels, so not a suffix Kubernetes drew; its label value is still the hash.
		expect(labels[1]).toBe('nginx-deployment-75675f5897-7ci7o  1/1  Running  0  <age>  app=nginx,pod-template-hash=<hash>');
		expect(rows('describe-pod-nginx.txt')).toContain('Controlled By:  ReplicaSet/nginx-deployment-<hash>');
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
		expect(describe).toContain('    Normal  ScalingReplicaSet  <age>  deployment-controller  Scaled up replica set nginx-deployment-2035384211 to 3');
		expect(describe).toContain('      Image:  nginx:1.16.1');
		const pod = rows('describe-pod-nginx.txt');
		expect(pod).toContain('  Normal  Scheduled  <age>  default-scheduler  Successfully assigned default/nginx-deployment-<hash>-<id> to kube-worker-1');
		expect(pod).toContain('              pod-template-hash=<hash>');
	});

	it('normalises durations in all the forms kubectl prints', () => {
		for (const d of ['5s', '3m2s', '2d4h', '45h', '3y', '1.5s', '250ms', '<invalid>']) expect(normaliseLine(`x  ${d}`)).toBe('x  <age>');
		// Not durations: quantities with other units, versions, names that end in a unit letter.
		expect(normaliseLine('5Mi 1Gi v1.36.2 kubernetes-minion-905m echo-5s')).toBe('5Mi 1Gi v1.36.2 kubernetes-minion-905m echo-5s');
	});

	it('reads bare minutes as an age only where kubectl prints one, so CPU quantities stay', () => {
		// An AGE column (assign-cpu-resource.md) and a restart "(131m ago)" (inquisitivefrog/kubernetes, see SOURCES.md).
		expect(normaliseLine('cpu-demo-2   0/1       Pending   0          7m')).toBe('cpu-demo-2  0/1  Pending  0  <age>');
		expect(normaliseLine('coredns-7db6d8ff4d-7kb9x   1/1     Running   2 (131m ago)   4d21h')).toBe('coredns-<hash>-<id>  1/1  Running  2 (<age> ago)  <age>');
		// An event seen several times, in the shape of configure-liveness-readiness-startup-probes.md's "10s (x3 over 20s)", in minutes.
		expect(normaliseLine('Warning  Unhealthy  10m (x3 over 20m)  kubelet, node01    Liveness probe failed')).toBe('Warning  Unhealthy  <age> (x3 over <age>)  kubelet, node01  Liveness probe failed');
		// describe's "cpu:  500m" is named by its key, YAML has one space, and kubectl top's 974m is past any age kubectl prints in bare minutes (179m).
		const pod = rows('describe-pod-nginx.txt');
		expect(pod.filter((l) => l.trim().startsWith('cpu:'))).toEqual(['      cpu:  500m', '      cpu:  500m']);
		expect(normaliseLine('      cpu:        100m')).toBe('      cpu:  100m');
		expect(normaliseLine('        cpu: 100m')).toBe('        cpu: 100m');
		expect(normaliseLine('cpu-demo                    974m         <something>')).toBe('cpu-demo  974m  <something>');
		// A value alone on a line is what jsonpath prints (a quantity), never an age.
		expect(normaliseLine('100m')).toBe('100m');
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

	it('normalises a container hostname of only digits where a node name stands', () => {
		// Docker names a container by the first 12 hex digits of its ID, all digits about once in 280 containers.
		// The lines are real (describe-pod-nginx.txt, get-pods-wide-first.txt) with the node name swapped for such a hostname.
		const node = '394857203948';
		expect(normaliseLine(`Node:         ${node}/192.168.0.113`)).toBe('Node:  <hex>/<ip>');
		expect(normaliseLine(`  Normal  Scheduled  34s   default-scheduler  Successfully assigned default/nginx-deployment-67d4bdd6f5-w6kd7 to ${node}`)).toBe(
			'  Normal  Scheduled  <age>  default-scheduler  Successfully assigned default/nginx-deployment-<hash>-<id> to <hex>',
		);
		expect(normaliseLine(`my-nginx-3800858182-jr4a2   1/1       Running   0          13s       10.244.3.4    ${node}`)).toBe('my-nginx-3800858182-jr4a2  1/1  Running  0  <age>  <ip>  <hex>');
		expect(normaliseLine(`${node}   Ready    control-plane   45s   v1.36.2+k3s1`)).toBe('<hex>  Ready  control-plane  <age>  v1.36.2+k3s1');
		expect(normaliseLine(`  nodeName: ${node}`)).toBe('  nodeName: <hex>');
		expect(normaliseLine(`kubernetes.io/hostname=${node}`)).toBe('kubernetes.io/hostname=<hex>');
		expect(normaliseLine(node)).toBe('<hex>');
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
