// @ts-check
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { labsStrict } from './site/integrations/labs-strict.ts';
import { labsRecordsWatch } from './site/integrations/labs-records-watch.ts';

/** The site: Starlight over the lab pages in tutorials/ (see DESIGN.md). */
export default defineConfig({
	site: 'https://k8s-services-verified.example',
	srcDir: './site',
	// Pages that moved keep their old address working.
	redirects: {
		'/start/misconceptions': '/services/misconceptions/',
	},
	vite: {
		resolve: {
			// Pagefind's search UI loads when a reader is about to search, not on every page at idle
			// (site/search/deferred-pagefind-ui.ts). Exact match: the real module is imported by its path.
			alias: [{ find: /^@pagefind\/default-ui$/, replacement: fileURLToPath(new URL('./site/search/deferred-pagefind-ui.ts', import.meta.url)) }],
		},
		build: {
			rolldownOptions: {
				// Astro opens the module it generates for every content page with a "use astro:head-inject"
				// directive, which the bundler warns about once per page (withastro/astro#18087, open). Astro
				// reads the directive before bundling, so nothing is lost; every other warning is shown.
				onLog(level, log, handler) {
					if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('use astro:head-inject')) return;
					handler(level, log);
				},
			},
		},
	},
	integrations: [
		starlight({
			title: 'Kubernetes Services, verified',
			description:
				'Learn Kubernetes Services — ClusterIP, NodePort, LoadBalancer, ExternalName, headless — with labs made to run on a real k3s cluster; each output says whether a recorded run backs it.',
			favicon: '/favicon.svg',
			markdown: { processedDirs: ['./tutorials'] },
			// The pages have no 404 entry in tutorials/: site/pages/404.astro renders Starlight's own 404 page.
			disable404Route: true,
			components: {
				// Lab pages: the lab summary above the content (site/components/LabMarkdownContent.astro).
				MarkdownContent: './site/components/LabMarkdownContent.astro',
				// The search button named with its visible text, WCAG 2.5.3 (site/search/Search.astro).
				Search: './site/search/Search.astro',
				// Wide tables made keyboard-reachable (site/components/overrides/Head.astro).
				Head: './site/components/overrides/Head.astro',
			},
			customCss: ['./site/styles/labs.css'],
			sidebar: [
				// A newcomer's path: what a Service is, how to read a lab, then the types from ClusterIP on;
				// the misconceptions come after the types and their comparison.
				{ label: 'Start here', items: [{ autogenerate: { directory: 'tutorials/start' } }] },
				{ label: 'Service types', items: [{ autogenerate: { directory: 'tutorials/services' } }] },
				{ label: 'Going deeper', items: [{ autogenerate: { directory: 'tutorials/deeper' } }] },
				{ label: 'Beyond Services', items: [{ autogenerate: { directory: 'tutorials/beyond' } }] },
				{ label: 'Reference', items: [{ autogenerate: { directory: 'tutorials/reference' } }] },
			],
		}),
		// Static parts of a page (prose, and every code block Expressive Code renders) are compiled to
		// HTML strings instead of one JSX call per element: the same page, about a sixth less build time.
		mdx({ optimize: true }),
		labsStrict(),
		labsRecordsWatch(),
	],
});
