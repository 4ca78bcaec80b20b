/**
 * What strict mode checks (site/integrations/labs-strict.ts): every run step of
 * every page must show a fresh output of a real k3s run.
 */
import { pageLabs, type LoadOptions } from './page-lab.ts';
import { strictProblems } from './status.ts';

/**
 * Every strict-mode problem of the pages under `<root>/tutorials`, one line
 * each, in page order. Rejects with the reader's BadRecordError for a record
 * that cannot be read: the build then fails with that message.
 */
export async function collectStrictProblems(root: string, options: LoadOptions = {}): Promise<string[]> {
	return (await pageLabs({ ...options, root })).flatMap((page) => strictProblems(page.lab, page.record));
}
