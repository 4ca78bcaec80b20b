/**
 * Serves each lab page's bundle at /labs/<page-slug>.tar.gz (for example
 * /labs/services/clusterip.tar.gz), built at build time from the same extractor
 * the runner uses, so the download always matches the page it sits on.
 */
import type { APIRoute, GetStaticPaths, InferGetStaticPropsType } from 'astro';
import { labBundle } from '../../../scripts/bundle/lab-bundle.ts';
import { pageSlug } from '../../../scripts/model/pages.ts';
import { pageLabs } from '../../labs/page-lab.ts';

/** One path per page that is a lab; plain pages get no bundle. */
export const getStaticPaths = (async () =>
	(await pageLabs()).map(({ lab }) => ({ params: { slug: pageSlug(lab.file) }, props: { lab } }))) satisfies GetStaticPaths;

type Props = InferGetStaticPropsType<typeof getStaticPaths>;

/** The tar.gz itself: the lab's folder with lab.sh and the lab's files. */
export const GET: APIRoute<Props> = async ({ props }) =>
	new Response(await labBundle(props.lab), {
		headers: { 'Content-Type': 'application/gzip' },
	});
