import { expect, it } from 'vitest';
import { dockerPrereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';

describeTier('docker engine', await dockerPrereq(), () => {
	it('answers docker info', async () => {
		expect((await dockerPrereq()).ok).toBe(true);
	});
});
