import { describe, it } from 'vitest';
import type { Prereq } from './prereq.ts';

/** Test names that start with this are how a skipped tier tells the summary reporter why. */
export const SKIP_PREFIX = 'SKIPPED: ';

/**
 * Declares a tier's tests behind its prerequisite. When it is missing, the tier
 * registers one skipped test whose name carries the reason (the summary prints
 * it), or, when `required` is set, one failing test, so it never passes silently.
 */
export function describeTier(title: string, prereq: Prereq, body: () => void, required = false): void {
	if (prereq.ok) {
		describe(title, body);
		return;
	}
	if (required) {
		describe(title, () => {
			it('has its prerequisite', () => {
				throw new Error(`${title}: prerequisite required but missing: ${prereq.reason}`);
			});
		});
		return;
	}
	describe(title, () => {
		it.skip(`${SKIP_PREFIX}${prereq.reason}`, () => {});
	});
}
