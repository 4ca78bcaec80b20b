/**
 * Starts extracting the lab pages in a worker thread as soon as `astro build`
 * has its config (site/labs/extract-ahead.ts), and waits for it before the
 * pages render. Does nothing in `astro dev`, where pages render on demand.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { k3sImage } from '../../scripts/model/k3s-image.ts';
import { extractAhead, type ExtractAheadResult } from '../labs/extract-ahead.ts';

/** The Astro integration (registered in astro.config.mjs). */
export function labsExtractAhead(): AstroIntegration {
	let pending: Promise<ExtractAheadResult> | undefined;
	return {
		name: 'labs-extract-ahead',
		hooks: {
			'astro:config:setup': ({ command, config }) => {
				if (command === 'build') pending = extractAhead({ root: fileURLToPath(config.root).replace(/\/$/, ''), image: k3sImage() });
			},
			'astro:build:start': async ({ logger }) => {
				const result = await pending;
				if (result) logger.debug(`${result.primed} pages extracted ahead in a worker thread${result.error ? `; it stopped: ${result.error}` : ''}`);
			},
		},
	};
}
