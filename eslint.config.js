import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const DATABASE_MODULES = ['drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/pglite', '@electric-sql/pglite/*'];

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', 'scratch/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Only repository files (and the database layer itself) touch the database (docs/conventions.md).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.repo.ts', 'src/db/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: DATABASE_MODULES, message: 'Only *.repo.ts files and src/db/ use the database driver or the query builder.' },
            { group: ['**/db/schema/*'], message: 'Only *.repo.ts files import table definitions.' },
          ],
        },
      ],
    },
  },
  // Rules files are the functional core: no I/O at all.
  {
    files: ['src/**/*.rules.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...DATABASE_MODULES, '**/db/*', '**/db/**', 'fastify', 'node:fs', 'node:fs/*', 'node:child_process', 'node:net', 'node:http'], message: 'Rules are pure: no I/O, no database, no HTTP.' },
          ],
        },
      ],
    },
  },
);
