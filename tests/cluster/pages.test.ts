import { expect, it } from 'vitest';
import { checkStep } from '../../scripts/check/index.ts';
import { extractAll } from '../../scripts/extract/index.ts';
import { k3sImage } from '../../scripts/model/k3s-image.ts';
import { failureSummary, renderFailureReport } from '../../scripts/record/failure-report.ts';
import { K3sTarget } from '../../scripts/run/k3s-target.ts';
import { runLab } from '../../scripts/run/runner.ts';
import { clusterPrereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';

/** With LABS_REQUIRE_CLUSTER=1 (public CI) a missing cluster fails the tier instead of skipping it. */
const required = process.env.LABS_REQUIRE_CLUSTER === '1';

describeTier(
	'every page under tutorials/ on a real k3s',
	await clusterPrereq(),
	async () => {
		const labs = await extractAll('tutorials', { image: k3sImage() });
		it('finds the lab pages', () => {
			expect(labs.length).toBeGreaterThan(0);
		});
		for (const lab of labs) {
			it(`${lab.file} passes every step`, async () => {
				const run = await runLab(lab, new K3sTarget(lab.image, lab.options), { check: checkStep });
				expect(run.ok, `${failureSummary(run)}\n\n${renderFailureReport(run)}`).toBe(true);
				expect(run.provenance?.serverVersion).toMatch(/^v1\.\d+\.\d+\+k3s\d+$/);
			});
		}
	},
	required,
);
