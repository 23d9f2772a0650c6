import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * SQL lives in one place: the table-owner modules of libs/database/src/tables (docs/architecture.md,
 * "One owner per table"). Elsewhere, no `.query(` call and no SQL text; migrations, benchmarks and
 * tests (which seed and inspect below the API) are exempt.
 */
const SQL_OUTSIDE_OWNERS = [
  {
    selector: "CallExpression[callee.property.name='query']",
    message: 'SQL belongs to its table-owner module in libs/database/src/tables (docs/architecture.md).',
  },
  {
    selector:
      'TemplateElement[value.raw=/\\b(SELECT\\s.+\\sFROM|INSERT\\s+INTO|UPDATE\\s+\\w+\\s+SET|DELETE\\s+FROM)\\b/is]',
    message: 'SQL text belongs to its table-owner module in libs/database/src/tables (docs/architecture.md).',
  },
];

/**
 * Files whose SQL still waits for its move into libs/database: only the CLI's "create office / API
 * key" commands, which move into a lib with the boundaries work of issue 12.
 */
const SQL_NOT_YET_MOVED = ['apps/cli/src/commands/office.ts'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.cache/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      'apps/gateway/public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['apps/**/*.{ts,tsx}', 'libs/**/*.{ts,tsx}', 'scripts/**/*.ts'],
    ignores: [
      'libs/database/src/**',
      'libs/testing/**',
      '**/*.spec.ts',
      '**/*.spec.tsx',
      '**/*.int-spec.ts',
      '**/*.fixture.ts',
      ...SQL_NOT_YET_MOVED,
    ],
    rules: { 'no-restricted-syntax': ['error', ...SQL_OUTSIDE_OWNERS] },
  },
);
