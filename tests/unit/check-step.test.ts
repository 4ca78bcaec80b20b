import { describe, expect, it } from 'vitest';
import { checkStep } from '../../scripts/check/index.ts';
import type { RunStep } from '../../scripts/model/lab.ts';

function step(exit = 0, expect?: string): RunStep {
	return {
		kind: 'run',
		index: 2,
		command: 'kubectl get service missing',
		lang: 'bash',
		options: { timeout: 120, retry: 0, exit, k3s: false },
		position: { file: 'tutorials/services/clusterip.mdx', line: 40 },
		hash: 'a'.repeat(64),
		...(expect === undefined ? {} : { expect: { text: expect, position: { file: 'tutorials/services/clusterip.mdx', line: 44 } } }),
	};
}

const NOT_FOUND = 'Error from server (NotFound): services "missing" not found\n';

describe('checkStep', () => {
	it('passes a step that succeeds and has no expectation', () => {
		expect(checkStep(step(), { output: 'anything', exitCode: 0 })).toEqual({ ok: true, problems: [] });
	});

	it('fails a step whose exit code differs, quoting where and the end of its output', () => {
		const verdict = checkStep(step(), { output: NOT_FOUND, exitCode: 1 });
		expect(verdict.ok).toBe(false);
		expect(verdict.problems).toHaveLength(1);
		expect(verdict.problems[0]).toContain('tutorials/services/clusterip.mdx:40: step 3 exited with code 1; expected 0 (success)');
		expect(verdict.problems[0]).toContain('| Error from server (NotFound)');
	});

	it('passes a failure the page means to show (exit=1) when the output matches', () => {
		expect(checkStep(step(1, 'Error from server (NotFound): services "missing" not found'), { output: NOT_FOUND, exitCode: 1 }).ok).toBe(true);
	});

	it('fails a step meant to fail that succeeded', () => {
		const verdict = checkStep(step(1), { output: '', exitCode: 0 });
		expect(verdict.problems[0]).toContain('exited with code 0; expected 1 (exit=1 on the run block)');
	});

	it('reports an exit code problem and an expectation mismatch together', () => {
		const verdict = checkStep(step(0, 'service/missing created'), { output: NOT_FOUND, exitCode: 1 });
		expect(verdict.ok).toBe(false);
		expect(verdict.problems).toHaveLength(2);
		expect(verdict.problems[1]).toContain("tutorials/services/clusterip.mdx:44: step 3's output does not match its expect block");
		expect(verdict.problems[1]).toContain('- service/missing created');
		expect(verdict.problems[1]).toContain('+ Error from server (NotFound): services "missing" not found');
	});
});
