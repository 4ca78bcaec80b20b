import { readFile, rename, writeFile } from 'node:fs/promises';

/** The markers the Figures section lives between; everything else in README.md belongs to the lead. */
export const FIGURES_START = '<!-- figures:start -->';
export const FIGURES_END = '<!-- figures:end -->';

/**
 * Returns the README text with the Figures section replaced (or appended at the
 * end when the markers are missing). Throws, naming the file, when only one
 * marker is present or they are out of order, rather than guessing.
 */
export function withFigures(readme: string, section: string, file = 'README.md'): string {
	const start = readme.indexOf(FIGURES_START);
	const end = readme.indexOf(FIGURES_END);
	const block = `${FIGURES_START}\n${section.trim()}\n${FIGURES_END}`;
	if (start < 0 && end < 0) return `${readme.trimEnd()}${readme.trim() ? '\n\n' : ''}${block}\n`;
	if (start < 0 || end < start) {
		const line = (i: number) => readme.slice(0, i).split('\n').length;
		throw new Error(
			`${file}:${line(Math.max(start, end))}: found ${start < 0 ? `only ${FIGURES_END}` : `${FIGURES_END} before ${FIGURES_START}`}; ` +
				`expected ${FIGURES_START} … ${FIGURES_END} around the Figures section. Hint: fix or remove the markers and rerun.`,
		);
	}
	return readme.slice(0, start) + block + readme.slice(end + FIGURES_END.length);
}

/** Writes the Figures section into README.md atomically (temp file + rename); creates the file if missing. */
export async function writeFigures(readmePath: string, section: string): Promise<void> {
	const current = await readFile(readmePath, 'utf8').catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') return '';
		throw error;
	});
	const temp = `${readmePath}.${process.pid}.tmp`;
	await writeFile(temp, withFigures(current, section, readmePath));
	await rename(temp, readmePath);
}
