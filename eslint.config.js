// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Lint the TypeScript and JavaScript of the engine, site code and tests (.astro files are checked by `astro check`). */
export default tseslint.config(
	{ ignores: ['dist/**', '.astro/**', 'node_modules/**', 'reports/**', '.artifacts/**', 'tests/fixtures/**'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: {
			globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
		},
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	},
);
