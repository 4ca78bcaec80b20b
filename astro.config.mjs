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
	vite: {
		resolve: {
			// Pagefind's search UI loads when a reader is about to search, not on every page at idle
			// (site/search/deferred-pagefind-ui.ts). Exact match: the real module is imported by its path.
			alias: [{ find: /^@pagefind\/default-ui$/, replacement: fileURLToPath(new URL('./site/search/deferred-pagefind-ui.ts', import.meta.url)) }],
		},
	},
	integrations: [
		starlight({
			title: 'Kubernetes Services, verified',
			description:
				'Learn Kubernetes Services — ClusterIP, NodePort, LoadBalancer, ExternalName, headless — with labs whose outputs come from real k3s runs.',
			favicon: '/favicon.svg',
			markdown: { processedDirs: ['./tutorials'] },
			// Lab pages: summary above the content (E3, site/components/LabMarkdownContent.astro).
			components: {
				MarkdownContent: './site/components/LabMarkdownContent.astro',
				// Search button named with its visible text, WCAG 2.5.3 (E7, site/components/overrides/Search.astro).
				Search: './site/components/overrides/Search.astro',
				// Scrollable tables and code blocks made keyboard-reachable and named (E7, site/components/overrides/Head.astro).
				Head: './site/components/overrides/Head.astro',
				// Each table of contents starts up only at the widths where it is shown (site/labs/defer-element.ts).
				TableOfContents: './site/components/overrides/TableOfContents.astro',
				MobileTableOfContents: './site/components/overrides/MobileTableOfContents.astro',
			},
			customCss: ['./site/styles/labs.css'],
			sidebar: [
				{ label: 'Start here', items: [{ autogenerate: { directory: 'tutorials/start' } }] },
				{ label: 'Service types', items: [{ autogenerate: { directory: 'tutorials/services' } }] },
				{ label: 'Going deeper', items: [{ autogenerate: { directory: 'tutorials/deeper' } }] },
				{ label: 'Beyond Services', items: [{ autogenerate: { directory: 'tutorials/beyond' } }] },
				{ label: 'Reference', items: [{ autogenerate: { directory: 'tutorials/reference' } }] },
			],
		}),
		mdx(),
		labsStrict(),
		labsRecordsWatch(),
	],
});
