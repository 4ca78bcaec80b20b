/**
 * Runs task(item) for every item with at most `limit` running at once, and
 * resolves with the results in input order. Labs each boot their own cluster,
 * so `verify --jobs N` bounds how many clusters share the machine.
 */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			results[i] = await task(items[i] as T, i);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
	return results;
}
