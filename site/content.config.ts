import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';

/** Lab pages live in tutorials/ (not site/content/docs) so the lab engine and the site read the same files. */
export const collections = {
	docs: defineCollection({
		loader: glob({ pattern: '**/*.{md,mdx}', base: './tutorials' }),
		schema: docsSchema(),
	}),
	// Starlight reads every page's UI strings from here and warns on each build when it is empty:
	// site/content/i18n/en.json holds the overrides of its English strings (none so far).
	i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
