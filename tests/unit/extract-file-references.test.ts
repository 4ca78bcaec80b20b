import { describe, expect, it } from 'vitest';
import { commandFiles } from '../../scripts/extract/index.ts';

/** The files a run command reads (must be declared earlier) and writes (count as declared later). */
function reads(command: string): string[] {
	return commandFiles(command).events.flatMap((e) => (e.kind === 'read' ? [e.ref.path] : []));
}
function writes(command: string): string[] {
	return commandFiles(command).events.flatMap((e) => (e.kind === 'write' ? [e.path] : []));
}

describe('commandFiles', () => {
	it('finds manifests given to kubectl with -f, --filename, = forms and -k', () => {
		expect(reads('kubectl apply -f echo.yaml')).toEqual(['echo.yaml']);
		expect(reads('kubectl -n "$NS" delete --filename=./svc.yml --wait')).toEqual(['svc.yml']);
		expect(reads('kubectl create -f=a.json -f b.yaml')).toEqual(['a.json', 'b.yaml']);
		expect(reads('kubectl get -f svc.yaml -o name')).toEqual(['svc.yaml']);
		expect(reads('k3s kubectl replace -f dep.yaml')).toEqual(['dep.yaml']);
	});

	it('ignores -f where kubectl means "follow" and paths inside a container', () => {
		expect(reads('kubectl logs -f deploy/echo.yaml')).toEqual([]);
		expect(reads('kubectl exec client -- cat /etc/resolv.conf notes.txt')).toEqual([]);
		expect(reads('tail -f log.txt')).toEqual([]);
	});

	it('exempts URLs, stdin, absolute paths, variables and globs', () => {
		expect(reads('kubectl apply -f https://k8s.io/examples/service.yaml -f - -f /tmp/x.yaml -f "$DIR/x.yaml" -f *.yaml')).toEqual([]);
	});

	it('finds files read by cat, sh, bash, source, . and an input redirect', () => {
		expect(reads('cat a.txt b.conf')).toEqual(['a.txt', 'b.conf']);
		expect(reads('sh ./probe.sh arg.txt')).toEqual(['probe.sh']);
		expect(reads('bash -e run.sh && . env.sh; source more.sh')).toEqual(['run.sh', 'env.sh', 'more.sh']);
		expect(reads('kubectl apply -f - < svc.yaml')).toEqual(['svc.yaml']);
		expect(reads('sh -c "cat inner.txt"')).toEqual([]);
	});

	it('reads words that are not lab files as nothing', () => {
		expect(reads('cat README')).toEqual([]);
		expect(reads('kubectl apply -k overlays/dev')).toEqual([]);
	});

	it('checks every line and every command of a pipeline, but not heredoc bodies or comments', () => {
		const command = ['kubectl get pods | grep x', 'cat <<EOF | kubectl apply -f -', 'kind: Service', 'cat in-heredoc.yaml', 'EOF', 'echo ok # cat commented.txt', 'cat last.txt'].join('\n');
		expect(reads(command)).toEqual(['last.txt']);
	});

	it('joins backslash continuations and keeps the line of the reference', () => {
		const files = commandFiles('echo start\nkubectl apply \\\n  -f one.yaml\ncat two.txt');
		expect(files.events).toEqual([
			{ kind: 'read', ref: { path: 'one.yaml', written: 'one.yaml', line: 1, via: 'kubectl apply -f' } },
			{ kind: 'read', ref: { path: 'two.txt', written: 'two.txt', line: 3, via: 'cat' } },
		]);
	});

	it('finds files written by redirects, tee, cp, mv, touch and curl -o', () => {
		expect(writes('kubectl get svc -o yaml > svc.yaml')).toEqual(['svc.yaml']);
		expect(writes('echo x >> log.txt; echo y | tee -a a.txt b.txt')).toEqual(['log.txt', 'a.txt', 'b.txt']);
		expect(writes('cp a.yaml b.yaml && mv b.yaml c.yaml && touch d.txt')).toEqual(['b.yaml', 'c.yaml', 'd.txt']);
		expect(writes('curl -sS -o page.txt http://example.invalid/')).toEqual(['page.txt']);
		expect(writes('cat <<EOF > svc.yaml\nkind: Service\nEOF')).toEqual(['svc.yaml']);
	});

	it('reports a change of directory, after which nothing can be resolved', () => {
		expect(commandFiles('cd manifests && kubectl apply -f a.yaml').events[0]).toEqual({ kind: 'cd', line: 0 });
	});
});
