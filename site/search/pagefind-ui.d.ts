/** The part of Pagefind's UI module (untyped upstream) that deferred-pagefind-ui.ts uses. */
declare module '@pagefind/default-ui/npm_dist/mjs/ui-core.mjs' {
	export class PagefindUI {
		constructor(options: { element: string } & Record<string, unknown>);
	}
}
