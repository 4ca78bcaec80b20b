/**
 * Browser side of defer-element.ts: `<deferred-element data-defer-as="x"
 * data-defer-media="(q)">` becomes `<x>` (same attributes, same children) when
 * the media query matches, now or after a resize, so its custom element starts
 * up only where it is shown.
 */
import { DEFERRED_TAG } from './defer-element.ts';

class DeferredElement extends HTMLElement {
	connectedCallback(): void {
		const name = this.dataset.deferAs;
		const query = this.dataset.deferMedia ? matchMedia(this.dataset.deferMedia) : null;
		if (!name || !query) return;
		const reveal = (): void => {
			if (!query.matches || !this.isConnected) return;
			query.removeEventListener('change', reveal);
			// Created in a template, so it is not upgraded before its children are in place:
			// Starlight's table of contents reads its links in its constructor.
			const template = document.createElement('template');
			template.innerHTML = `<${name}></${name}>`;
			const element = template.content.firstElementChild!;
			for (const { name: attribute, value } of [...this.attributes]) {
				if (!attribute.startsWith('data-defer-')) element.setAttribute(attribute, value);
			}
			element.append(...this.childNodes);
			this.replaceWith(element);
		};
		query.addEventListener('change', reveal);
		reveal();
	}
}

customElements.define(DEFERRED_TAG, DeferredElement);
