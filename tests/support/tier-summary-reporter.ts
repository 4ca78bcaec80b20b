import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { SKIP_PREFIX } from './tier.ts';

interface TierCount {
	passed: number;
	failed: number;
	skipped: number;
	reasons: Set<string>;
}

/**
 * Prints, per tier (Vitest project), what ran and what was skipped and why, one
 * line each, then a plain "N passed, N failed, N skipped" closing line that CI
 * machines read.
 */
export default class TierSummaryReporter implements Reporter {
	private configured: string[] = [];

	onInit(vitest: Vitest): void {
		this.configured = vitest.projects.map((p) => p.name);
	}

	onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
		const tiers = new Map<string, TierCount>();
		for (const name of this.configured) tiers.set(name, { passed: 0, failed: 0, skipped: 0, reasons: new Set() });
		for (const module of testModules) {
			const name = module.project.name || 'default';
			const tier = tiers.get(name) ?? { passed: 0, failed: 0, skipped: 0, reasons: new Set<string>() };
			tiers.set(name, tier);
			if (module.state() === 'failed' && [...module.children.allTests()].length === 0) tier.failed += 1;
			for (const test of module.children.allTests()) {
				const state = test.result().state;
				if (state === 'passed') tier.passed += 1;
				else if (state === 'failed') tier.failed += 1;
				else {
					tier.skipped += 1;
					if (test.name.startsWith(SKIP_PREFIX)) tier.reasons.add(test.name.slice(SKIP_PREFIX.length));
				}
			}
		}
		const order = ['unit', 'docker', 'cluster', 'site'];
		const names = [...tiers.keys()].sort((a, b) => (order.indexOf(a) + 99) % 99 - (order.indexOf(b) + 99) % 99);
		const total = { passed: 0, failed: 0, skipped: 0 };
		const lines = ['', 'Tier summary'];
		for (const name of names) {
			const t = tiers.get(name)!;
			total.passed += t.passed;
			total.failed += t.failed;
			total.skipped += t.skipped;
			const ran = t.passed + t.failed;
			let line: string;
			if (ran === 0 && t.reasons.size > 0) line = `SKIPPED  ${[...t.reasons].join('; ')}`;
			else if (ran === 0 && t.skipped === 0) line = 'NO TESTS ran (no test files, or filtered out)';
			else {
				line = `${t.failed ? 'FAILED ' : 'PASSED '}  ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;
				if (t.reasons.size) line += ` (skipped: ${[...t.reasons].join('; ')})`;
			}
			lines.push(`  ${name.padEnd(8)} ${line}`);
		}
		lines.push('', `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
		process.stdout.write(`${lines.join('\n')}\n`);
	}
}
