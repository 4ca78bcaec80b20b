import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labBundle, bundleEntries } from '../../scripts/bundle/lab-bundle.ts';
import { labScript, retryPatterns } from '../../scripts/bundle/lab-script.ts';
import { bundleFolder, bundlePath, pageSlug, pageUrl, pagesForRecord, recordPathFor } from '../../scripts/model/pages.ts';
import { namespaceSetup, namespaceTeardown } from '../../scripts/model/namespace.ts';
import { fileStep, parseScript, readTarGz, runStep, testLab } from './bundle-support.ts';

const demo = testLab([
	fileStep('echo.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: echo # it\'s "quoted"\n', 8),
	runStep('kubectl apply -f echo.yaml', 14, {}, 'service/echo created'),
	fileStep('conf/client.yaml', 'kind: Pod\n\ttabbed: true\n', 20),
	runStep("kubectl get svc echo -o jsonpath='{.spec.type}'", 27, { retry: 30 }),
	runStep('cat <<EOF\n$NS\nEOF\nLAB_STEP_3_EOF\necho done', 33),
	runStep('kubectl get svc missing', 40, { exit: 1 }, 'Error from server (NotFound): ...'),
]);

describe('lab.sh', () => {
	const script = labScript(demo);
	// The clean-up is a function defined before the set-up: the run order is set-up, steps, clean-up.
	const cleanup = parseScript(script).find((s) => s.label === 'Clean-up');
	const parsed = parseScript(script).filter((s) => s.label !== 'Clean-up');

	it('runs the namespace set-up first, then exactly the page steps in page order, then the clean-up', () => {
		expect(parsed[0]?.command).toBe(namespaceSetup('demo-lab'));
		expect(parsed.slice(1).map((s) => s.command)).toEqual(demo.runs.map((r) => r.command));
		expect(cleanup?.command).toBe(namespaceTeardown('demo-lab'));
		expect(script.trimEnd().split('\n').slice(-6)).toEqual([
			'if [ "$LAB_KEEP" = 1 ]; then',
			expect.stringContaining('LAB_KEEP=1: namespace'),
			'else',
			'\tlab_cleanup',
			expect.stringContaining('and the clean-up ran'),
			'fi',
		]);
	});

	it('points each step at its URL on the page, never at a line of the MDX source', () => {
		expect(parsed.slice(1).map((s) => s.where)).toEqual(['/services/demo/#step-1', '/services/demo/#step-2', '/services/demo/#step-3', '/services/demo/#step-4']);
		expect(script).toContain('lab_fail "$lab_label exited $lab_rc, but the page expects $lab_want. Stopping here. The step on the page: $lab_at"');
	});

	it('never names a predictable temporary file: one mktemp -d directory, removed on exit, holds them all', () => {
		expect(script).not.toMatch(/\/tmp\/|\$\$/);
		expect(script).toContain('lab_tmp=$(mktemp -d)');
		expect(script).toContain(`trap 'rm -rf "$lab_tmp"' EXIT`);
		expect(script).toContain('export TMPDIR="$lab_tmp"');
	});

	it('carries each step’s expected exit code and retry budget, and its page line in a comment', () => {
		expect(parsed.slice(1).map((s) => [s.exit, s.retry])).toEqual(demo.runs.map((r) => [r.options.exit, r.options.retry]));
		for (const r of demo.runs) expect(script).toContain(`# --- step ${r.index + 1} of 4 --- (page line ${r.position.line})`);
		expect(parsed.slice(1).map((s) => s.label)).toEqual(['Step 1 of 4', 'Step 2 of 4', 'Step 3 of 4', 'Step 4 of 4']);
	});

	it('keeps a command verbatim even when it contains the default here-document delimiter', () => {
		expect(parsed[3]?.command).toContain('\nLAB_STEP_3_EOF\n');
		expect(script).toContain("lab_read <<'LAB_STEP_3_EOF_'");
	});

	it('names the page and how to clean up in its header', () => {
		const header = script.split('\n\n')[0]!;
		expect(header).toMatch(/^#!\/bin\/sh\n/);
		expect(header).toContain('tutorials/services/demo.mdx');
		expect(header).toContain('/services/demo/');
		expect(header).toContain(
			namespaceTeardown('demo-lab')
				.split('\n')
				.map((line) => `#   ${line}`)
				.join('\n'),
		);
	});

	it('shows the authored expectations as comments, never as commands', () => {
		expect(script).toContain('#   service/echo created');
		expect(parsed.some((s) => s.command.includes('service/echo created'))).toBe(false);
	});

	it('is valid POSIX sh syntax (sh -n, and dash/busybox where installed)', () => {
		const shells = [['sh', '-n'], ['dash', '-n'], ['/bin/busybox', 'sh', '-n']].filter(
			([bin]) => bin === 'sh' || existsSync(bin!) || spawnSync('which', [bin!]).status === 0,
		);
		for (const [bin, ...args] of shells) {
			const result = spawnSync(bin!, args, { input: script, encoding: 'utf8' });
			expect(result.stderr, `${bin} ${args.join(' ')}`).toBe('');
			expect(result.status, `${bin} ${args.join(' ')}`).toBe(0);
		}
	});

	it('fails sh -n when a broken script is given, so the syntax check above can fail', () => {
		const result = spawnSync('sh', ['-n'], { input: `${script}\nif then\n`, encoding: 'utf8' });
		expect(result.status).not.toBe(0);
	});
});

describe('retry gate of lab.sh', () => {
	it('turns an expectation into glob patterns: volatile values, "..." and column gaps match anything', () => {
		expect(
			retryPatterns('NAME   READY   STATUS    AGE\necho-7d4b9c8f6-x2x9z   1/1   Running   12s\n...\nservice has 3 endpoints: 10.42.0.5 ...'),
		).toEqual(['NAME*READY*STATUS*AGE*', 'echo-*-*1/1*Running*', 'service has 3 endpoints: * *']);
	});

	it('keeps glob characters of the page literal', () => {
		expect(retryPatterns('a*b [x]? done')).toEqual(['a\\*b \\[x]\\? done*']);
	});

	it('is written into lab.sh only for retry= steps with an expectation', () => {
		const lab = testLab([runStep('kubectl get pods', 10, { retry: 60 }, 'echo-...   1/1   Running'), runStep('true', 20, {}, 'ok')]);
		const script = labScript(lab);
		expect(script).toContain("lab_read_expect <<'LAB_EXPECT_1_EOF'\necho-*1/1*Running*\nLAB_EXPECT_1_EOF");
		expect(script).not.toContain('LAB_EXPECT_2_EOF');
	});
});

describe('lab bundle tar.gz', () => {
	it('holds one folder named after the page with an executable lab.sh and byte-identical files', async () => {
		const entries = await readTarGz(await labBundle(demo));
		const files = entries.filter((e) => e.type === 'file');
		expect(files.map((e) => e.name)).toEqual(['demo/lab.sh', 'demo/echo.yaml', 'demo/conf/client.yaml']);
		expect(files[0]!.mode & 0o777).toBe(0o755);
		expect(files[0]!.content.toString('utf8')).toBe(labScript(demo));
		for (const step of demo.steps) {
			if (step.kind !== 'file') continue;
			const entry = files.find((e) => e.name === `demo/${step.path}`);
			expect(entry?.content.equals(Buffer.from(step.content, 'utf8')), step.path).toBe(true);
			expect(entry!.mode & 0o777).toBe(0o644);
		}
		expect(entries.filter((e) => e.type === 'directory').map((e) => e.name)).toEqual(['demo/', 'demo/conf/']);
	});

	it('is reproducible: the same lab gives the same bytes', async () => {
		expect(Buffer.from(await labBundle(demo)).equals(Buffer.from(await labBundle(demo)))).toBe(true);
	});

	it('unpacks with the system tar', async () => {
		const bytes = await labBundle(demo);
		const listing = execFileSync('tar', ['tzf', '-'], { input: bytes, encoding: 'utf8' });
		expect(listing.split('\n').filter(Boolean)).toEqual(['demo/', 'demo/lab.sh', 'demo/echo.yaml', 'demo/conf/', 'demo/conf/client.yaml']);
	});

	it('refuses a file path that would escape the folder, naming page, line and a fix', () => {
		const bad = testLab([fileStep('../evil.sh', 'x\n', 12), runStep('true', 15)]);
		expect(() => bundleEntries(bad)).toThrow(
			/tutorials\/services\/demo\.mdx:12: file=\.\.\/evil\.sh cannot go into the lab bundle because it climbs out with \.\..*Hint/,
		);
	});
});

describe('page naming (scripts/model/pages.ts)', () => {
	it('names a page the way the site and the bundle URL do', () => {
		expect(pageSlug('tutorials/services/clusterip.mdx')).toBe('services/clusterip');
		expect(pageSlug('services/clusterip.mdx')).toBe('services/clusterip');
		expect(bundlePath('tutorials/beyond/gateway-api.mdx')).toBe('/labs/beyond/gateway-api.tar.gz');
		expect(bundleFolder('tutorials/services/clusterip.mdx')).toBe('clusterip');
		expect(pageSlug('tutorials/services/index.mdx')).toBe('services');
		expect(bundlePath('tutorials/index.mdx')).toBe('/labs/index.tar.gz');
	});

	it('gives the home page one slug (index) and serves it at /', () => {
		expect(pageSlug('tutorials/index.mdx')).toBe('index');
		expect(pageUrl('tutorials/index.mdx')).toBe('/');
		expect(pageUrl('tutorials/services/index.mdx')).toBe('/services/');
	});

	it('keeps a record beside its page, and finds the page of a record', () => {
		expect(recordPathFor('tutorials/services/clusterip.mdx')).toBe('tutorials/services/clusterip.outputs.json');
		expect(pagesForRecord('tutorials/services/clusterip.outputs.json')).toEqual(['tutorials/services/clusterip.mdx', 'tutorials/services/clusterip.md']);
		expect(pagesForRecord('tutorials/services/clusterip.yaml')).toEqual([]);
	});
});
