/**
 * A follower's machine in a busybox container (the real /tmp, a kubeconfig in
 * ~/.kube/config): the set-up and clean-up pasted into one shell, and lab.sh
 * run twice after a partial run, leave the kubeconfig byte for byte and /tmp
 * as they were; the second lab.sh run gets the clear message and the clean-up
 * it names lets a third run start afresh. The stand-in kubectl of the unit
 * tests answers for the cluster; nothing here is shown as a cluster's output.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { labBundle } from '../../scripts/bundle/lab-bundle.ts';
import { readLab } from '../../scripts/extract/index.ts';
import { namespaceSetup, namespaceTeardown } from '../../scripts/model/namespace.ts';
import { bundleFolder } from '../../scripts/model/pages.ts';
import { BUSYBOX_IMAGE } from '../../scripts/run/busybox-image.ts';
import { DockerTarget } from '../../scripts/run/docker-target.ts';
import { dockerPrereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';
import { FAKE_KUBECTL } from '../unit/bundle-kubectl.ts';
import { READER_KUBECONFIG } from '../unit/bundle-reader-shell.ts';

/** The reader's kubeconfig bytes and what /tmp holds. */
const LOOK = 'sha256sum /root/.kube/config; echo "--- /tmp:"; ls -A /tmp';
const READER_ENV = 'HOME=/root FAKE_KUBE_STATE=/var/kube-state';

describeTier('a follower’s machine in busybox', await dockerPrereq(), () => {
	const target = new DockerTarget();
	let folder = '';
	let namespace = '';

	beforeAll(async () => {
		await target.start();
		const lab = (await readLab('tests/fixtures/labs/failing-step.mdx', { image: BUSYBOX_IMAGE }))!;
		folder = bundleFolder(lab.file);
		namespace = lab.options.namespace;
		await target.writeFiles([
			{ path: 'bundle.b64', content: Buffer.from(await labBundle(lab)).toString('base64') },
			{ path: 'kubectl', content: FAKE_KUBECTL },
			{ path: 'kubeconfig', content: READER_KUBECONFIG },
			{ path: 'setup.sh', content: `${namespaceSetup('pasted-lab')}\n` },
			{ path: 'teardown.sh', content: `${namespaceTeardown('pasted-lab')}\n` },
		]);
		const r = await target.exec(
			[
				'set -e',
				'mkdir -p /root/.kube /var/kube-state /opt/reader',
				'mv /lab/kubeconfig /root/.kube/config && mv /lab/kubectl /bin/kubectl && chmod +x /bin/kubectl',
				'mv /lab/setup.sh /lab/teardown.sh /opt/reader/',
				'base64 -d /lab/bundle.b64 > /opt/reader/lab.tar.gz && rm /lab/bundle.b64',
				'cd /opt/reader && tar -xzf lab.tar.gz',
			].join('\n'),
			60_000,
		);
		expect(r.exitCode, r.output).toBe(0);
	});
	afterAll(() => target.stop());

	it('set-up, a step and clean-up pasted into one shell: the kubeconfig, KUBECONFIG and /tmp are as before', async () => {
		const before = (await target.exec(LOOK, 10_000)).output;
		const r = await target.exec(
			`${READER_ENV} KUBECONFIG=/root/.kube/config sh -c '. /opt/reader/setup.sh; echo "during: $KUBECONFIG"; kubectl get pods; . /opt/reader/teardown.sh; echo "after: $KUBECONFIG"' 2>&1`,
			30_000,
		);
		expect(r.output).toMatch(/^during: \/tmp\/tmp\.\w+$/m);
		expect(r.output).toContain('namespace/pasted-lab created');
		expect(r.output).toContain('after: /root/.kube/config');
		expect((await target.exec(LOOK, 10_000)).output).toBe(before);
	});

	it('lab.sh stopped at a failing step, run again: the clear message, nothing made; after the clean-up it names, a fresh run', async () => {
		const before = (await target.exec(LOOK, 10_000)).output;
		const lab = `cd /opt/reader && ${READER_ENV} LAB_YES=1 sh ${folder}/lab.sh 2>&1`;

		const partial = await target.exec(lab, 60_000);
		expect(partial.exitCode, partial.output).toBe(1);
		expect(partial.output).toMatch(/The step on the page: \/\S*failing-step\/#step-2\n/);

		const again = await target.exec(lab, 60_000);
		expect(again.exitCode, again.output).toBe(2);
		expect(again.output).toContain(`lab.sh: namespace ${namespace} already exists on home-admin (left from an earlier run?); the lab starts in a fresh one.`);
		expect(again.output).toContain(`delete it if it is yours (kubectl delete namespace ${namespace}), then run lab.sh again`);
		expect(again.output).not.toContain('== Set-up');

		const cleaned = await target.exec(`${READER_ENV} sh -c ${shellWord(namespaceTeardown(namespace))} 2>&1`, 30_000);
		expect(cleaned.output).toContain(`namespace "${namespace}" deleted`);
		const fresh = await target.exec(lab, 60_000);
		expect(fresh.output).toContain('== Set-up');
		expect(fresh.exitCode, fresh.output).toBe(1);
		await target.exec(`${READER_ENV} kubectl delete namespace ${namespace}`, 10_000);

		expect((await target.exec(LOOK, 10_000)).output).toBe(before);
	});
});

/** One single-quoted shell word. */
function shellWord(text: string): string {
	return `'${text.replaceAll("'", `'\\''`)}'`;
}
