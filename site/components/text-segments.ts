/** A run of plain text or of code, from text that marks code with `backticks`. */
export interface TextSegment {
	code: boolean;
	text: string;
}

/**
 * Splits text on `backticks` into plain and code parts, so the comparison data
 * stays plain strings and the components decide how code looks.
 */
export function textSegments(text: string): TextSegment[] {
	return text
		.split('`')
		.map((part, i) => ({ code: i % 2 === 1, text: part }))
		.filter((s) => s.text !== '');
}
