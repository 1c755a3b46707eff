import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const APPS = ['api', 'worker', 'cli', 'web'];

// Dashboard features stay independent (docs/style.md#7-dashboard-by-feature): shared UI lives in
// src/components. The feature list is read from the folder, so a new feature is covered the moment it exists.
const FEATURES = readdirSync(new URL('./apps/web/src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'test-results/**', 'e2e/screenshots/**', 'packages/db/src/generated/**', '.docket/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Nothing but a config module reads the environment (docs/style.md#4-configuration-parsed-once).
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings from the parsed config, not process.env.' }],
    },
  },
  {
    files: ['**/config.ts', '**/test/**', 'e2e/**', 'bench/**', 'packages/*/test-support/**', 'vitest.config.ts', 'prisma.config.ts', '**/scripts/**', 'test/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/scripts/**', '**/main.ts', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  // One direction for dependencies: apps → packages, never app → app or package → app.
  ...['api', 'worker', 'cli'].map((app) => ({
    files: [`apps/${app}/**/*.ts`],
    ignores: [`apps/${app}/test/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: APPS.filter((other) => other !== app).flatMap((other) => [`@docket/${other}`, `@docket/${other}/*`, `**/apps/${other}/**`]), message: `apps do not import each other (${app}); shared code belongs in a package` }] },
      ],
    },
  })),
  {
    files: ['packages/**/*.ts'],
    ignores: ['packages/*/test/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...APPS.flatMap((app) => [`@docket/${app}`, `@docket/${app}/*`]), '**/apps/**'], message: 'packages do not import apps' }] }],
    },
  },
  {
    // Shared dashboard code serves every feature and knows none of them.
    files: ['apps/web/src/components/**/*.{ts,tsx}', 'apps/web/src/lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/features/**'], message: 'shared components and lib do not import features' }] }],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}', 'e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...FEATURES.map((feature) => ({
    files: [`apps/web/src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: FEATURES.filter((other) => other !== feature).map((other) => ({
            group: [`**/features/${other}/**`, `../../${other}/**`, `../${other}/**`],
            message: `features do not import each other (${feature} → ${other}); move shared code to src/components or src/lib`,
          })),
        },
      ],
    },
  })),
);
