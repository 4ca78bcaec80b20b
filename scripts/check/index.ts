/**
 * Step 3 of the lab pipeline (extract → run → check → record): compare what a
 * real run printed with what the page says.
 */
export { normalise, normaliseLine, splitLines, PLACEHOLDER } from './normalise.ts';
export { matchOutput, ELLIPSIS, type MatchResult } from './match.ts';
export { checkStep, type StepResult, type StepVerdict } from './check-step.ts';
