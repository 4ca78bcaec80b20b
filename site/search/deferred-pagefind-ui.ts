/**
 * Stands in for `@pagefind/default-ui` in the browser bundle (alias in
 * astro.config.mjs). Starlight's search imports Pagefind's UI on every page as
 * soon as the browser is idle: ~94 kB of JavaScript downloaded, parsed and run,
 * and the dialog's contents built, on pages most readers never search from (on
 * a phone, the largest part of a page's main-thread work after the first paint).
 * This class takes the same options and loads the real UI only once the reader
 * is about to search: the pointer on or focus in the search button, a touch on
 * it, or the search dialog opening (click, Ctrl+K / ⌘K). The dialog, its
 * markup and the index are Starlight's and Pagefind's, unchanged.
 */
import type { PagefindUI as RealPagefindUI } from '@pagefind/default-ui/npm_dist/mjs/ui-core.mjs';

type Options = ConstructorParameters<typeof RealPagefindUI>[0];

export class PagefindUI {
	constructor(options: Options) {
		const host = document.querySelector<HTMLElement>(options.element);
		const dialog = host?.closest('dialog');
		const button = document.querySelector('site-search button[data-open-modal]');
		let loading: Promise<void> | undefined;
		const load = () => {
			loading ??= import('@pagefind/default-ui/npm_dist/mjs/ui-core.mjs').then(({ PagefindUI: Real }) => {
				new Real(options);
				// Starlight focuses the input when the dialog opens; if the UI was not there yet, do it now.
				if (dialog?.open) host?.querySelector('input')?.focus();
			});
			return loading;
		};
		for (const type of ['pointerenter', 'focus', 'touchstart']) button?.addEventListener(type, load, { once: true, passive: true });
		if (dialog?.open) void load();
		else if (dialog) {
			const opened = new MutationObserver(() => {
				if (!dialog.open) return;
				opened.disconnect();
				void load();
			});
			opened.observe(dialog, { attributes: true, attributeFilter: ['open'] });
		}
	}
}
