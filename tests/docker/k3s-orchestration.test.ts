/**
 * The k3s target's own orchestration, on stand-in nodes (k3s-standin.ts):
 * network creation, join order and token hand-over, image pre-pulls, the
 * private kubeconfig, readiness waiting and its timeout, and the removal of
 * every node and the network on success, failure and timeout. This is a test
 * of our code driving containers, NOT a cluster run: nothing here is
 * Kubernetes, and nothing here is ever recorded or shown as verified.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { keepInstructions } from '../../scripts/cli/lab/keep.ts';
import { checkStep } from '../../scripts/check/index.ts';
import { ensureBusyboxImage } from '../../scripts/run/busybox-image.ts';
import { RUN_ID } from '../../scripts/run/cleanup.ts';
import { K3sTarget } from '../../scripts/run/k3s-target.ts';
import { runLab } from '../../scripts/run/runner.ts';
import { dockerPrereq } from '../support/prereq.ts';
import { describeTier } from '../support/tier.ts';
import { standInNodes, type StandInOptions } from './k3s-standin.ts';
import { docker, leftovers, standInLab, STANDIN_K3S_IMAGE, type StandInLab } from './k3s-standin-support.ts';

/** A k3s target for a stand-in lab, on stand-in nodes. */
function standInTarget(lab: StandInLab, nodes: StandInOptions = {}, readyTimeoutS = 60) {
	const factory = standInNodes(nodes);
	const { options } = standInLab(lab);
	return { factory, target: new K3sTarget(STANDIN_K3S_IMAGE, options, { nodeFactory: factory, readyTimeoutS, tokenTimeoutS: 20 }) };
}

const nothingLeft = { containers: [], networks: [] };

describeTier('k3s target orchestration on stand-in nodes (not a cluster run)', await dockerPrereq(), () => {
	beforeAll(() => ensureBusyboxImage(), 120_000);

	it('three nodes: a labelled network first, then the server, then its join token to every agent, which joins it by name', async () => {
		const { factory, target } = standInTarget({ nodes: 3, images: ['registry.example/app:1', 'registry.example/missing:1'] });
		const plan = target.plan;
		try {
			await target.start();

			const order = factory.events.map((e) => `${e.what} ${e.name}`);
			expect(order.slice(0, 3)).toEqual([`network ${plan.network}`, 'creating server', 'started server']);
			expect(order.slice(3).sort()).toEqual(['creating agent-1', 'creating agent-2', 'started agent-1', 'started agent-2']);

			const network = JSON.parse(await docker('network', 'inspect', plan.network!)) as [{ Labels: Record<string, string>; Containers: Record<string, { Name: string }> }];
			expect(network[0].Labels).toMatchObject({ 'dev.k8s-services-verified.run': RUN_ID });
			expect(Object.values(network[0].Containers).map((c) => c.Name).sort()).toEqual(
				['agent-1', 'agent-2', 'server'].map((n) => `${plan.network}-${n}`),
			);

			expect((await target.exec(`cat /standin/args`, 10_000)).output.trim()).toBe(plan.server.command.join(' '));
			const token = (await target.exec('cat /var/lib/rancher/k3s/server/token', 10_000)).output.trim();
			expect(token).toMatch(/^K10[0-9a-f]{32}::server:[0-9a-f]{16}$/);
			for (const agent of factory.events.filter((e) => e.what === 'started' && e.spec?.role === 'agent')) {
				expect(agent.spec?.env).toEqual({ K3S_URL: plan.serverUrl, K3S_TOKEN: token });
				expect(await docker('exec', agent.spec!.containerName!, 'cat', '/standin/args')).toBe(`agent --node-name=${agent.name}`);
			}
			// Each agent reached the server by its container name on the lab network and was accepted with that token.
			expect((await target.exec('cat /standin/nodes', 10_000)).output.split('\n').filter(Boolean).sort()).toEqual(['agent-1', 'agent-2', 'server']);

			for (const node of ['server', 'agent-1', 'agent-2']) {
				const pulls = await docker('exec', `${plan.network}-${node}`, 'cat', '/standin/pulls.log');
				expect(pulls.split('\n').sort(), node).toEqual(['crictl pull registry.example/app:1', 'crictl pull registry.example/missing:1']);
			}
			const diagnostics = await target.diagnostics();
			expect(diagnostics).toContain('pulled registry.example/app:1 on agent-2');
			expect(diagnostics).toMatch(/pre-pull of registry\.example\/missing:1 on server failed \(exit 1\): pulling image: not found/);
			expect(diagnostics).toContain('$ kubectl get nodes -o wide');

			const modes = await target.exec('stat -c %a /root/.kube/config /etc/rancher/k3s/k3s.yaml', 10_000);
			expect(modes.output.split('\n').slice(0, 2)).toEqual(['600', '644']);
		} finally {
			await target.stop();
		}
		expect(await leftovers(RUN_ID)).toEqual(nothingLeft);
	});

	it('one node: the server alone as before, no network, and the lab k3sArgs after `server`', async () => {
		const { factory, target } = standInTarget({});
		try {
			await target.start();
			expect(factory.events.map((e) => `${e.what} ${e.name}`)).toEqual(['creating server', 'started server']);
			expect((await target.exec('cat /standin/args', 10_000)).output.trim()).toBe('server --disable=traefik');
			expect((await target.exec('stat -c %a /root/.kube/config', 10_000)).output.trim()).toBe('600');
			const id = (await target.exec('hostname', 10_000)).output.trim();
			expect(Object.keys(JSON.parse(await docker('inspect', '-f', '{{json .NetworkSettings.Networks}}', id)) as object)).toEqual(['bridge']);
		} finally {
			await target.stop();
		}
		expect(await leftovers(RUN_ID)).toEqual(nothingLeft);
	});

	it('--keep on a multi-node cluster: the instructions name the server, every node container and the network, and remove them all', async () => {
		const { target } = standInTarget({ nodes: 3 });
		const plan = target.plan;
		try {
			await target.start();
			const lines = await keepInstructions('k3s', target, 'standin-lab');
			const serverId = (await docker('inspect', '-f', '{{.Id}}', plan.server.containerName!)).slice(0, 12);
			expect(lines[0]).toBe(`The k3s cluster is still running in container ${serverId} (server; 3 node containers in all).`);
			const kubeconfig = /export KUBECONFIG=(\S+)/.exec(lines.join('\n'))?.[1];
			expect(statSync(kubeconfig!).mode & 0o777).toBe(0o600);
			const remove = lines.at(-1)!.trim();
			expect(remove).toMatch(new RegExp(`^docker rm -f ${serverId}( [0-9a-f]{12}){2} && docker network rm ${plan.network} && rm -r /\\S+$`));
			await promisify(execFile)('sh', ['-c', remove]);
			expect(await leftovers(RUN_ID)).toEqual(nothingLeft);
			expect(existsSync(kubeconfig!)).toBe(false);
		} finally {
			await target.stop();
		}
	});

	it('waits until every node is Ready, then CoreDNS, then each kube-system DaemonSet', async () => {
		const { target } = standInTarget({ nodes: 2 }, { readyAfterS: 8 });
		try {
			const started = Date.now();
			await target.start();
			expect(Date.now() - started).toBeGreaterThanOrEqual(6_000);
			const calls = (await target.exec('cat /standin/kubectl.log', 10_000)).output.split('\n').filter(Boolean);
			const polls = calls.filter((c) => c.includes('get nodes -o jsonpath'));
			expect(polls.filter((c) => c.endsWith('(nodes Ready: False)')).length, calls.join('\n')).toBeGreaterThan(0);
			expect(polls.at(-1)).toMatch(/\(nodes Ready: True\)$/);
			const rollouts = calls.filter((c) => c.includes('rollout status'));
			expect(rollouts.map((c) => c.replace(/ --timeout=\d+s .*/, ''))).toEqual([
				'kubectl -n kube-system rollout status deploy/coredns',
				'kubectl -n kube-system rollout status daemonset.apps/svclb-standin',
			]);
			expect(calls.indexOf(rollouts[0]!)).toBeGreaterThan(calls.lastIndexOf(polls.at(-1)!));
		} finally {
			await target.stop();
		}
		expect(await leftovers(RUN_ID)).toEqual(nothingLeft);
	});

	it('a lab that passes: its steps run on the server node, then every node and the network are gone', async () => {
		const { factory, target } = standInTarget({ nodes: 2 });
		const run = await runLab(standInLab({ nodes: 2, steps: ['cat /standin/nodes | sort'] }), target, { check: checkStep });
		expect(run.failure).toBeUndefined();
		expect(run.steps[0]?.output).toBe('agent-1\nserver\n');
		expect(factory.networks).toHaveLength(1);
		expect(await leftovers(RUN_ID)).toEqual(nothingLeft);
	});

	it('a step that fails: diagnostics from the server, then every node and the network are gone', async () => {
		const { target } = standInTarget({ nodes: 3 });
		const run = await runLab(standInLab({ nodes: 3, steps: ['false'] }), target, { check: checkStep });
		expect(run.failure?.phase).toBe('step');
		expect(run.diagnostics).toContain('$ kubectl get nodes -o wide');
		expect(run.diagnostics).toContain('agent-2 True');
		expect(await leftovers(RUN_ID)).toEqual(nothingLeft);
	});

	it('readiness timeout: says how many nodes were Ready, and removes every node and the network', async () => {
		const { target } = standInTarget({ nodes: 2 }, { readyAfterS: 100_000 }, 3);
		const run = await runLab(standInLab({ nodes: 2 }), target, { check: checkStep });
		expect(run.failure?.phase).toBe('boot');
		expect(run.failure && 'message' in run.failure && run.failure.message).toMatch(/^k3s did not become ready \(exit 1\):\nnot ready after 3 s: 0 of 2 node\(s\) Ready/);
		expect(await leftovers(RUN_ID)).toEqual(nothingLeft);
	});

	it('an agent the engine cannot create: the boot fails with the reason, and the server, the other agent and the network are removed', async () => {
		const { factory, target } = standInTarget({ nodes: 3 }, { failing: ['agent-2'] });
		const run = await runLab(standInLab({ nodes: 3 }), target, { check: checkStep });
		expect(run.failure).toMatchObject({ phase: 'boot', message: 'stand-in: the engine refused to create agent-2' });
		expect(factory.events.some((e) => e.what === 'started' && e.name === 'server')).toBe(true);
		expect(await leftovers(RUN_ID)).toEqual(nothingLeft);
	});

	it('a server that never writes its join token: no agent is created, and everything is removed', async () => {
		const { factory, target } = standInTarget({ nodes: 2 }, { tokenAfterS: 100_000 });
		const run = await runLab(standInLab({ nodes: 2 }), target, { check: checkStep });
		expect(run.failure).toMatchObject({ phase: 'boot' });
		expect(run.failure && 'message' in run.failure && run.failure.message).toMatch(/^the k3s server wrote no join token to \/var\/lib\/rancher\/k3s\/server\/token within 20 s/);
		expect(factory.events.filter((e) => e.spec?.role === 'agent')).toEqual([]);
		expect(await leftovers(RUN_ID)).toEqual(nothingLeft);
	});

	it('the lab timeout running out during boot stops the cluster while it starts, and nothing is left', async () => {
		const { target } = standInTarget({ nodes: 3 }, { readyAfterS: 100_000 });
		const run = await runLab(standInLab({ nodes: 3, timeout: 4 }), target, { check: checkStep });
		expect(run.failure).toMatchObject({ phase: 'boot', message: 'lab timeout of 4 s ran out while the target booted' });
		expect(await leftovers(RUN_ID)).toEqual(nothingLeft);
		await new Promise((r) => setTimeout(r, 3_000)); // nothing may appear late either
		expect(await leftovers(RUN_ID)).toEqual(nothingLeft);
	});
});
