/**
 * Proves that each page rule of scripts/lint catches what it is for: every
 * bad fixture under tests/fixtures/pages/bad breaks one rule and is reported
 * with file, line and what was found, while the good fixtures pass every rule.
 */
import { describe, expect, it } from 'vitest';
import { readLab, readPages, LabSyntaxError } from '../../scripts/extract/index.ts';
import { imagesInCommand, unpinnedReason } from '../../scripts/lint/images.ts';
import { evidenceProblems, imageProblems, lintPages, linkProblems, manifestProblems, prepareManifests, probeRetryProblems, siteIndex, type ClaimColumn } from '../../scripts/lint/index.ts';
import { findPages, pageUrl } from '../../scripts/model/pages.ts';

const GOOD = 'tests/fixtures/pages/good';
const BAD = 'tests/fixtures/pages/bad';
const good = await readPages(await findPages(GOOD));
const bad = await readPages(await findPages(BAD));
const site = siteIndex(good, GOOD);
// The slow set-up (loading the models, building the TypeScript program) happens
// while the file loads, so a busy machine cannot push a single test past its timeout.
await prepareManifests([...good, ...bad].flatMap((p) => (p.lab ? [p.lab] : [])));

async function lab(file: string) {
	const l = await readLab(file);
	if (!l) throw new Error(`${file} should be a lab`);
	return l;
}

describe('page rules on the good fixtures', () => {
	it('extract, and break no rule', async () => {
		expect(good.map((p) => p.error)).toEqual([undefined, undefined, undefined]);
		expect(await lintPages(good, site)).toEqual([]);
		expect(site.get('/lab/')).toMatchObject({ file: `${GOOD}/lab.mdx`, runs: 2 });
	});
});

describe('each rule catches its bad fixture', () => {
	it('a shell block that is neither run nor norun fails extraction with file and line', async () => {
		const error = await readLab(`${BAD}/bare-shell.mdx`).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(LabSyntaxError);
		expect((error as LabSyntaxError).file).toBe(`${BAD}/bare-shell.mdx`);
		expect((error as LabSyntaxError).problems).toContainEqual(expect.objectContaining({ line: 7, found: expect.stringContaining('neither run nor norun') }));
	});

	it('manifests are validated against the Kubernetes schema and for unknown fields, with the line of each fault', async () => {
		const problems = manifestProblems(await lab(`${BAD}/invalid-manifest.mdx`));
		const found = problems.map((p) => `${p.line}: ${p.found}`);
		expect(found).toEqual([
			expect.stringMatching(/^15: spec\.ports\[0\]\.port must be integer in svc\.yaml/),
			expect.stringMatching(/^13: spec\.type must be equal to one of the allowed values in svc\.yaml/),
			expect.stringMatching(/^17: apiVersion extensions\/v1beta1 in svc\.yaml/),
			expect.stringMatching(/^23: v1 Servce in svc\.yaml/),
			expect.stringMatching(/^32: unknown field spec\.tpye in svc\.yaml/),
			expect.stringMatching(/^35: unknown field spec\.ports\[0\]\.targetport in svc\.yaml/),
		]);
		expect(problems[4]!.hint).toMatch(/^did you mean type\?/);
		expect(problems[5]!.hint).toMatch(/^did you mean targetPort\?/);
		expect(problems[1]!.expected).toBe('one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"');
		expect(problems[2]!.hint).toContain('apps/v1');
		expect(problems.every((p) => p.file === `${BAD}/invalid-manifest.mdx`)).toBe(true);
	});

	it('images without a tag, with latest, or only with a registry port are all reported', async () => {
		const problems = imageProblems(await lab(`${BAD}/unpinned-image.mdx`));
		expect(problems.map((p) => p.found)).toEqual([
			expect.stringContaining('"nginx" in the lab.images frontmatter'),
			expect.stringContaining('"registry.k8s.io/e2e-test-images/agnhost" in manifest pod.yaml'),
			expect.stringContaining('"busybox:latest" in run step 1'),
			expect.stringContaining('"localhost:5000/api" in run step 1'),
		]);
		expect(problems[2]!.found).toContain('`latest`');
	});

	it('links to a missing step, a missing page and a missing StepOutput step are reported by line', async () => {
		const page = bad.find((p) => p.file.endsWith('broken-links.mdx'));
		const problems = linkProblems(page!.file, page!.source, site);
		expect(problems.map((p) => [p.line, p.found])).toEqual([
			[5, expect.stringContaining('/lab/#step-3: tests/fixtures/pages/good/lab.mdx has 2 run steps, so #step-3 does not exist')],
			[6, expect.stringContaining('/nowhere/: no page is served at /nowhere/')],
			[8, expect.stringContaining('/lab/#step-9')],
		]);
	});

	it('a step that changes routing and then probes it without retry= is reported (a wait in the foreground does not cover kube-proxy) at the probe, with what it changes', async () => {
		const problems = probeRetryProblems((await lab(`${BAD}/probe-without-retry.mdx`)));
		expect(problems.map((p) => [p.line, p.found.replace(/ \(`.*$/, '')])).toEqual([
			[22, 'step 1 changes routing'],
			[27, 'step 2 changes routing'],
			[32, 'step 3 changes routing'],
			[37, 'step 4 changes routing'],
			[43, 'step 5 changes routing'],
			[48, 'step 6 changes routing'],
			[64, 'step 7 changes routing'],
			[69, 'step 8 changes routing'],
		]);
		const why = problems.map((p) => /`: ([^)]*)\) and then probes traffic \(`(.*)`\), without retry=$/.exec(p.found)?.slice(1));
		expect(why).toEqual([
			['svc.yaml declares a Service', 'kubectl exec client -- curl -s http://echo/hostname'],
			['it creates a Service', 'kubectl exec client -- wget -qO- http://echo-2/hostname'],
			['it creates a Service', "kubectl exec client -- sh -c 'nc -z -w 2 demo 80 && echo open'"],
			['it patches a Service', 'test "$(kubectl exec client -- dig +short echo)" != "" && echo resolves'],
			['it changes how many pods back a Service', 'kubectl exec client -- /agnhost connect echo:80 --timeout=5s'],
			['it relabels pods, which Service selectors match', 'ANSWER=$(kubectl exec client -- nslookup echo)'],
			['the manifest it reads declares an Ingress', "kubectl exec client -- curl -s -H 'Host: echo.example' http://traefik.kube-system/"],
			['the manifest it reads declares a Service', 'kubectl exec client -- curl -s http://echo-3/hostname'],
		]);
		expect(problems.every((p) => p.expected === 'apply in one step, probe in the next with retry=' && /retry=30/.test(p.hint))).toBe(true);
	});

	it('comparison claims without evidence, citing a step that does not exist, or a step that no longer shows them, are reported', () => {
		const cell = (step: number, match: string) => ({ text: 'claim', evidence: [{ page: 'lab', step, shows: `shows ${step}`, match }] });
		const kinds: ClaimColumn[] = [
			{
				name: 'Fixture',
				page: 'lab',
				cells: {
					exposure: cell(1, 'kubectl apply -f echo.yaml'),
					allocates: cell(2, 'kubectl apply -f echo.yaml'),
					dns: cell(3, 'x'),
					balancing: { text: 'unproven', evidence: [] },
					use: cell(2, 'kubectl run client'),
					pitfalls: cell(0, 'x'),
				},
			},
		];
		const problems = evidenceProblems(kinds, site, 'data.ts', 'shows 3\nshows 0\nunproven\nshows 2');
		expect(problems.map((p) => [p.line, p.found])).toEqual([
			[4, 'Fixture / allocates cites /lab/#step-2, whose expected output does not contain "kubectl apply -f echo.yaml"'],
			[1, 'Fixture / dns cites /lab/#step-3: tests/fixtures/pages/good/lab.mdx has 2 run steps, so #step-3 does not exist'],
			[3, 'Fixture / balancing: a claim with no evidence'],
			[2, expect.stringContaining('/lab/#step-0: #step-0 is not a step anchor')],
		]);
	});
});

describe('the helpers the rules are built on', () => {
	it('tell pinned image references from unpinned ones', () => {
		expect(unpinnedReason('registry.k8s.io/e2e-test-images/agnhost:2.66.1')).toBeUndefined();
		expect(unpinnedReason(`busybox@sha256:${'a'.repeat(64)}`)).toBeUndefined();
		expect(unpinnedReason('localhost:5000/app:1.0')).toBeUndefined();
		expect(unpinnedReason('localhost:5000/app')).toMatch(/no tag/);
		expect(unpinnedReason('app:latest')).toMatch(/latest/);
		expect(unpinnedReason('app@sha256:abc')).toMatch(/digest/);
		expect(unpinnedReason('$IMAGE')).toMatch(/variable/);
	});

	it('find images in kubectl run, create deployment, set image and inline manifests', () => {
		const command = [
			'kubectl run a --image=one:1 -- pause',
			'kubectl create deployment b --image "two:2"',
			'kubectl set image deployment/b c=three:3 d=four:4',
			"kubectl apply -f - <<'EOF'",
			'      - image: five:5',
			'EOF',
		].join('\n');
		expect(imagesInCommand(command)).toEqual(['one:1', 'two:2', 'three:3', 'four:4', 'five:5']);
	});

	it('map page files to the URLs Starlight serves (the one page-naming module)', () => {
		expect(pageUrl('tutorials/index.mdx')).toBe('/');
		expect(pageUrl('tutorials/services/clusterip.mdx')).toBe('/services/clusterip/');
		expect(pageUrl('tutorials/beyond/index.mdx')).toBe('/beyond/');
		expect(pageUrl(`${GOOD}/lab.mdx`, GOOD)).toBe('/lab/');
	});
});
