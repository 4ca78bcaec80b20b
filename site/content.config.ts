import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

/** Lab pages live in tutorials/ (not site/content/docs) so the lab engine and the site read the same files. */
export const collections = {
	docs: defineCollection({
		loader: glob({ pattern: '**/*.{md,mdx}', base: './tutorials' }),
		schema: docsSchema(),
	}),
};
