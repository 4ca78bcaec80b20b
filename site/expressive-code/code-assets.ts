/**
 * Expressive Code puts its stylesheet `<link>` and its module `<script>` at the
 * start of the first code block group it renders on a page. A lab page renders
 * two "first" groups: the lab summary's set-up block (a `<Code>` component,
 * counted per request) and the page's first fenced block (counted per MDX
 * document). The second copy of the stylesheet is not free: the browser keeps
 * both sheets and matches every rule twice on each style recalc, ~20% of a lab
 * page's style time at 4× CPU (CONTRIBUTING.md, "What keeps a long lab page
 * light on a phone").
 */

/**
 * Expressive Code's stylesheet link and module script (astro-expressive-code
 * names them `ec.<hash>.css` and `ec.<hash>.js`), in either HTML serialisation.
 * They open the first group, or the lab step our plugin wraps it in.
 */
const ASSETS = /<link rel="stylesheet" href="[^"]*\/ec\.[\w-]+\.css"\s*\/?>(?:<script type="module" src="[^"]*\/ec\.[\w-]+\.js"><\/script>)?/;

/**
 * Removes the first Expressive Code stylesheet link (and the module script
 * after it) from `html` and returns the rest unchanged. For a page's content
 * when the summary above it has already linked the same assets. HTML without
 * them is returned as is.
 */
export function withoutFirstCodeAssets(html: string): string {
	return html.replace(ASSETS, '');
}
