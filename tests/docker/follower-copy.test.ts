import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { heredocDelimiter } from '../../scripts/bundle/lab-script.ts';
import { readLab } from '../../scripts/extract/index.ts';
import type { Lab } from '../../scripts/model/lab.ts';
import type { LabRecord } from '../../scripts/model/record.ts';
import { readRecord } from '../../scripts/record/read-record.ts';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../scripts/run/busybox-image.ts';
import { DockerTarget } from '../../scripts/run/docker-target.ts';
import { followerCopies, followerScript } from '../../site/labs/follower-copy.ts';
import { dockerPrereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The fixture labs with records of real docker-target runs (`npm run fixtures:record`). */
const LABS = ['tests/fixtures/labs/passing.mdx', 'tests/fixtures/labs/exit-code.mdx'];

/**
 * What a follower copies from a lab page, block by block (the site tier proves
 * the copy buttons give exactly followerCopies), pasted into one POSIX shell
 * in a fresh directory, behaves as the runner did: every file has exactly the
 * bytes the runner wrote, and the shell prints exactly the outputs the runner
 * recorded, step after step. On the docker target the runner runs no
 * namespace set-up (DockerTarget.prelude is undefined), so the copies are the
 * files and the steps.
 */
describeTier('a follower\'s copies, run as one shell script, do what the runner did', await dockerPrereq(), () => {
	const target = new DockerTarget();
	beforeAll(async () => {
		await ensureBusyboxImage();
		await target.start();
	}, 120_000);
	afterAll(() => target.stop());

	it.each(LABS)('%s', async (file) => {
		const lab = (await readLab(path.join(ROOT, file), { image: BUSYBOX_IMAGE })) as Lab;
		const record = (await readRecord(file, ROOT)) as LabRecord;
		expect(record, `${file}: its record (npm run fixtures:record writes it)`).not.toBeNull();
		expect(
			record.steps.map((s) => s.hash),
			`${file}: the record is out of date with the page; re-record it with \`npm run fixtures:record\``,
		).toEqual(lab.runs.map((r) => r.hash));

		const script = followerScript(followerCopies(lab, { setup: false, cleanup: false }));
		const end = heredocDelimiter(script, 'FOLLOWER_EOF');
		const dir = `/follower/${path.basename(file, '.mdx')}`;
		// The runner's lab directory is /lab; a follower's is wherever they are. The steps print paths, so use /lab.
		// One stream for stdout and stderr, as a terminal shows them (and as the runner records them).
		const run = await target.exec(
			[`rm -rf /lab && mkdir -p /lab ${dir}`, `cat > ${dir}/copied.sh <<'${end}'`, `${script}${end}`, `cd /lab && sh ${dir}/copied.sh </dev/null 2>&1`].join('\n'),
			60_000,
		);
		expect(run.timedOut, `${file}: the copied script timed out`).toBe(false);
		expect(run.output, `${file}: what the pasted copies printed vs the runner's recorded outputs, in order`).toBe(record.steps.map((s) => s.output).join(''));

		for (const step of lab.steps) {
			if (step.kind !== 'file') continue;
			const bytes = await target.exec(`od -An -c /lab/${step.path}`, 10_000);
			const want = await target.exec(`printf '%s' '${step.content.replace(/'/g, "'\\''")}' | od -An -c`, 10_000);
			expect(bytes.output, `${file}: bytes of ${step.path} written by the copied here-document vs the file the runner writes`).toBe(want.output);
		}
	});
});
