import { describe, expect, it } from 'vitest';
import { FIGURES_END, FIGURES_START, withFigures } from '../../scripts/bench/site-readme.ts';
import { formatTable } from '../../scripts/bench/site-table.ts';

// `npm run bench -- --readme` rewrites only the Figures section of a README the lead owns.
describe('README Figures section', () => {
	it('replaces only the text between the markers', () => {
		const readme = `# Title\n\nIntro.\n\n${FIGURES_START}\nold figures\n${FIGURES_END}\n\n## After\n`;
		const out = withFigures(readme, '## Figures\n\nnew');
		expect(out).toBe(`# Title\n\nIntro.\n\n${FIGURES_START}\n## Figures\n\nnew\n${FIGURES_END}\n\n## After\n`);
	});

	it('appends the section at the end when there are no markers, and creates it from nothing', () => {
		expect(withFigures('# Title\n', 'x')).toBe(`# Title\n\n${FIGURES_START}\nx\n${FIGURES_END}\n`);
		expect(withFigures('', 'x')).toBe(`${FIGURES_START}\nx\n${FIGURES_END}\n`);
	});

	it('refuses a lone or misordered marker, naming file and line', () => {
		expect(() => withFigures(`# T\n\n${FIGURES_END}\n`, 'x', 'README.md')).toThrow(/^README\.md:3: found only <!-- figures:end -->/);
		expect(() => withFigures(`${FIGURES_END}\n${FIGURES_START}\n`, 'x')).toThrow(/before/);
	});
});

describe('bench table', () => {
	it('prints one Markdown table, pipes in figures escaped', () => {
		const table = formatTable([{ area: 'build', measure: 'ratio', figure: 'a|b', goal: '≤ 1.15' }]);
		const lines = table.split('\n');
		expect(lines).toHaveLength(3);
		expect(lines[0]).toMatch(/^\| Area +\| Measure +\| Figure +\| Goal +\| How +\|$/);
		expect(lines[2]).toContain('a\\|b');
	});
});
