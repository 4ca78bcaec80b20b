/**
 * `astro dev` re-renders a page when its MDX changes, but Vite does not know
 * that the page's output panels also depend on `<page>.outputs.json`. This
 * integration closes that gap: when a record appears, changes or goes away,
 * the page's module is invalidated and the browser reloads, so a fresh
 * `npm run verify` shows up without restarting the dev server.
 */
import { existsSync } from 'node:fs';
import type { AstroIntegration } from 'astro';
import { pagesForRecord } from '../../scripts/model/pages.ts';

/** The Astro integration (registered in astro.config.mjs); does nothing outside `astro dev`. */
export function labsRecordsWatch(): AstroIntegration {
	return {
		name: 'labs-records-watch',
		hooks: {
			'astro:server:setup': ({ server, logger }) => {
				server.watcher.on('all', (event, file) => {
					const page = pagesForRecord(file).find((candidate) => existsSync(candidate));
					if (!page) return;
					for (const environment of Object.values(server.environments)) {
						for (const mod of environment.moduleGraph.getModulesByFile(page) ?? []) environment.moduleGraph.invalidateModule(mod);
					}
					logger.info(`${event} ${file}: re-rendering ${page}`);
					server.ws.send({ type: 'full-reload' });
				});
			},
		},
	};
}
