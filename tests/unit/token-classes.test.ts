import { selectAll, type Element } from '@expressive-code/core/hast';
import { ExpressiveCodeEngine, loadShikiTheme, pluginShiki, type ExpressiveCodePlugin } from 'astro-expressive-code';
import { describe, expect, it } from 'vitest';
import { pluginTokenClasses } from '../../site/expressive-code/token-classes.ts';

const YAML = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web # the name\nspec:\n  ports:\n    - port: 80\n      targetPort: 8080';

/** An engine with a dark and a light theme and Starlight's theme selector, highlighting as on the site. */
async function engine(before: ExpressiveCodePlugin[] = []): Promise<ExpressiveCodeEngine> {
	return new ExpressiveCodeEngine({
		themes: [await loadShikiTheme('github-dark'), await loadShikiTheme('github-light')],
		themeCssSelector: (theme) => `[data-theme='${theme.type}']`,
		plugins: [pluginShiki(), ...before, pluginTokenClasses()],
	});
}

const classesOf = (span: Element): string[] => (Array.isArray(span.properties.className) ? span.properties.className.map(String) : []);

describe('token colours as classes', () => {
	it('draws every highlighted token with one class per theme and no inline colour, each class a rule in the stylesheet', async () => {
		const ec = await engine();
		const { renderedGroupAst } = await ec.render({ code: YAML, language: 'yaml', meta: '' });
		const tokens = selectAll('.ec-line span', renderedGroupAst).filter((s) => classesOf(s).some((c) => /^ec\d-/.test(c)));
		expect(tokens.length).toBeGreaterThan(10);
		expect(selectAll('span[style*="--0"], span[style*="--1"]', renderedGroupAst)).toEqual([]);
		for (const span of tokens) expect(classesOf(span).map((c) => c.slice(0, 4))).toEqual(['ec0-', 'ec1-']);
		const css = await ec.getBaseStyles();
		const used = new Set(tokens.flatMap(classesOf));
		for (const cls of used) {
			const colour = `#${cls.slice(4)}`;
			// The dark (base) theme's class is drawn with no theme mark; the light theme's only under [data-theme='light'].
			const rule = new RegExp(`(?:^|})([^{}]*\\.ec-line \\.${cls})\\{color:${colour}\\}`).exec(css);
			expect(rule, `rule for .${cls}`).not.toBeNull();
			expect(rule![1]!.includes("[data-theme='light']"), `.${cls} selector: ${rule![1]}`).toBe(cls.startsWith('ec1-'));
		}
	});

	it("keeps an inline style that is more than the themes' token colours", async () => {
		const offPalette = '--0:#123456;--1:#654321';
		const styled = '--0:#e1e4e8;--1:#24292e;font-style:italic';
		const restyle: ExpressiveCodePlugin = {
			name: 'restyle',
			hooks: {
				postprocessRenderedLine: ({ renderData, lineIndex }) => {
					const [first] = selectAll('.code span', renderData.lineAst).filter((s) => typeof s.properties.style === 'string');
					if (first && lineIndex === 0) first.properties.style = offPalette;
					if (first && lineIndex === 1) first.properties.style = styled;
				},
			},
		};
		const { renderedGroupAst } = await (await engine([restyle])).render({ code: YAML, language: 'yaml', meta: '' });
		expect(selectAll(`span[style="${offPalette}"]:not([class])`, renderedGroupAst)).toHaveLength(1);
		expect(selectAll(`span[style="${styled}"]:not([class])`, renderedGroupAst)).toHaveLength(1);
	});
});
