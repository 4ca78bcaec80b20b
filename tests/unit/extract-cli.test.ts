import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../scripts/cli/extract.ts';

/** `npm run extract`: the author's quick check of pages, without a cluster. */
function capture() {
	const out: string[] = [];
	const err: string[] = [];
	vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
	vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
	return { out, err };
}

describe('extract CLI', () => {
	afterEach(() => vi.restoreAllMocks());

	it('says ok for a good lab page and exits 0', async () => {
		const { out } = capture();
		expect(await main(['tests/fixtures/extract/basic/input.mdx'])).toBe(0);
		expect(out.join('')).toBe('ok    tests/fixtures/extract/basic/input.mdx: 1 run steps, 1 files\n');
	});

	it('prints every problem of a bad page and exits 1', async () => {
		const { err } = capture();
		expect(await main(['tests/fixtures/extract/basic/input.mdx', 'tests/fixtures/extract/throws/many-problems.mdx'])).toBe(1);
		const text = err.join('');
		expect(text.match(/^tests\/fixtures\/extract\/throws\/many-problems\.mdx:\d+: found /gm)).toHaveLength(4);
		expect(text).toContain('1 of 2 pages break the authoring contract');
	});

	it('runs the page rules of scripts/lint too, each problem with file, line and hint', async () => {
		const { err } = capture();
		expect(await main(['tests/fixtures/pages/bad/probe-without-retry.mdx', 'tests/fixtures/pages/bad/unpinned-image.mdx'])).toBe(1);
		const text = err.join('');
		expect(text).toContain('tests/fixtures/pages/bad/probe-without-retry.mdx:22: found step 1 changes routing (`kubectl apply -f svc.yaml`: svc.yaml declares a Service)');
		expect(text).toContain('; expected apply in one step, probe in the next with retry=\n  hint: kube-proxy applies a Service or endpoint change asynchronously');
		expect(text).toContain('tests/fixtures/pages/bad/unpinned-image.mdx:1: found image "nginx" in the lab.images frontmatter, which is not pinned');
		expect(text).toContain('2 of 2 pages break the authoring contract');
	});

	it('prints the labs as JSON with --json', async () => {
		const { out } = capture();
		expect(await main(['--json', 'tests/fixtures/extract/basic/input.mdx', 'tests/fixtures/extract/plain-page/input.mdx'])).toBe(0);
		const labs = JSON.parse(out.join('')) as { options: { namespace: string } }[];
		expect(labs.map((l) => l.options.namespace)).toEqual(['basic-lab']);
	});

	it('rejects unknown options', async () => {
		const { err } = capture();
		expect(await main(['--jsn'])).toBe(2);
		expect(err.join('')).toContain('unknown option --jsn');
	});
});
