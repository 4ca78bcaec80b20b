import { defineConfig } from 'vitest/config';

/**
 * One Vitest project per test tier (see README): unit needs nothing, docker a
 * Docker engine, cluster a pullable k3s image, site Chromium. Each tier
 * reports SKIPPED with its reason when its prerequisite is missing.
 */
export default defineConfig({
	test: {
		reporters: ['default', './tests/support/tier-summary-reporter.ts'],
		projects: [
			{
				test: {
					name: 'unit',
					sequence: { groupOrder: 1 },
					include: ['tests/unit/**/*.test.ts'],
					// GitHub's workflow parser imports JSON without an import attribute, which Node refuses unless Vite transforms it.
					server: { deps: { inline: ['@actions/workflow-parser'] } },
				},
			},
			{
				test: {
					name: 'docker',
					sequence: { groupOrder: 1 },
					include: ['tests/docker/**/*.test.ts'],
					testTimeout: 120_000,
					hookTimeout: 120_000,
					env: { TESTCONTAINERS_RYUK_DISABLED: 'true' },
				},
			},
			{
				test: {
					name: 'cluster',
					sequence: { groupOrder: 1 },
					include: ['tests/cluster/**/*.test.ts'],
					testTimeout: 1_800_000,
					hookTimeout: 600_000,
				},
			},
			{
				test: {
					name: 'site',
					// After the other tiers, not beside them: the docker tier creates networks and
					// containers, and Chromium aborts requests in flight when the host's network
					// changes (net::ERR_NETWORK_CHANGED), which a reader's page load never meets.
					// (Vitest 5.1 runs a group 0 after group 1, so every tier names its group.)
					sequence: { groupOrder: 2 },
					include: ['tests/site/**/*.test.ts'],
					// Builds and serves the site once per run for every site test file (see tests/site/support).
					globalSetup: ['tests/site/support/global-setup.ts'],
					testTimeout: 120_000,
					hookTimeout: 300_000,
					// Two files at a time: one file keeps about one core busy (Node and Chromium take
					// turns), and every file has its own browsers, pages and server requests.
					fileParallelism: true,
					maxWorkers: 2,
				},
			},
		],
	},
});
