import type { StartedNetwork } from 'testcontainers';
import { containerLabels } from './cleanup.ts';

/**
 * Creates the Docker network of a multi-node lab, labelled like every lab
 * container (containerLabels), so the interrupt and end-of-run sweeps in
 * cleanup.ts find it too. Testcontainers' `new Network()` cannot take labels,
 * so the network is created with Testcontainers' own engine client and
 * handed back as its StartedNetwork, which containers join by name.
 */
export async function createLabNetwork(name: string): Promise<StartedNetwork> {
	const { getContainerRuntimeClient, StartedNetwork } = await import('testcontainers');
	const client = await getContainerRuntimeClient();
	const network = await client.network.create({ Name: name, CheckDuplicate: true, Driver: 'bridge', Labels: containerLabels() });
	return new StartedNetwork(client, name, network);
}
