/**
 * Tab width Expressive Code uses by default (astro-expressive-code's `tabWidth`
 * option, default 2). Keep the site's ec.config at this default.
 */
export const EC_TAB_WIDTH = 2;

/**
 * The exact text of a code block that is hashed, executed (run blocks),
 * written to disk (file blocks, plus one trailing newline) and copied by the
 * reader.
 *
 * WHY this shape: the site plugin only sees the code after Expressive Code has
 * prepared it, and must compute the same chain hash as the runner. Expressive
 * Code (a) replaces every tab with `tabWidth` spaces (astro-expressive-code,
 * default 2), (b) splits lines on `\r?\n` and trims trailing whitespace from
 * each, and (c) drops leading and trailing empty lines. This function does the
 * same, so `normaliseCode(mdastCode) === normaliseCode(ecCode)` and it is
 * idempotent. Tab characters are rejected in run and file blocks by the extractor
 * anyway (a tab in a heredoc or YAML would silently change meaning when
 * expanded), so there (a) never changes what runs; in expect blocks a tab
 * becomes spaces, which the matcher reads as a column gap either way.
 */
export function normaliseCode(code: string): string {
	const lines = code
		.replace(/\t/g, ' '.repeat(EC_TAB_WIDTH))
		.split(/\r?\n/)
		.map((line) => line.trimEnd());
	while (lines.length && !lines[0]) lines.shift();
	while (lines.length && !lines[lines.length - 1]) lines.pop();
	return lines.join('\n');
}
