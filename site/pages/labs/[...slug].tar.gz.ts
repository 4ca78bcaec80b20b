/**
 * Serves each lab page's bundle at /labs/<page-slug>.tar.gz (for example
 * /labs/services/clusterip.tar.gz), built at build time from the same extractor
 * the runner uses, so the download always matches the page it sits on.
 */
import type { APIRoute, GetStaticPaths, InferGetStaticPropsType } from 'astro';
import { labBundle } from '../../../scripts/bundle/lab-bundle.ts';
import { pageSlug } from '../../../scripts/bundle/page-slug.ts';
import { readFile } from 'node:fs/promises';
import { findPages } from '../../../scripts/extract/find-pages.ts';
import { extractLabShared } from '../../../scripts/extract/shared-cache.ts';

/** One path per page that is a lab; plain pages get no bundle. */
export const getStaticPaths = (async () => {
	const paths = [];
	for (const page of await findPages()) {
		// findPages gives project-relative paths (as readLab would use); the extraction is shared with the pages.
		const lab = await extractLabShared(page, await readFile(page, 'utf8'));
		if (lab) paths.push({ params: { slug: pageSlug(page) }, props: { lab } });
	}
	return paths;
}) satisfies GetStaticPaths;

type Props = InferGetStaticPropsType<typeof getStaticPaths>;

/** The tar.gz itself: the lab's folder with lab.sh and the lab's files. */
export const GET: APIRoute<Props> = async ({ props }) =>
	new Response(await labBundle(props.lab), {
		headers: { 'Content-Type': 'application/gzip' },
	});
