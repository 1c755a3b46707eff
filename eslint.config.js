import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'packages/db/src/generated/**', '.docket/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Nothing but a config module reads the environment (STYLE.md: configuration parsed once).
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings from the parsed config, not process.env.' }],
    },
  },
  {
    files: ['**/config.ts', '**/test/**', 'packages/db/src/test-database.ts', 'vitest.config.ts', 'prisma.config.ts', '**/scripts/**', 'test/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/scripts/**', '**/main.ts'],
    rules: { 'no-console': 'off' },
  },
);
