import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';

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
 * The layers (docs/architecture.md, "Layers"). Each lib may import only the libs listed before it
 * here, so no two libs can import each other, directly or round about; apps import libs and never
 * another app; only test code imports libs/testing; test/, scripts/ and bench/ sit on top. A lib's
 * own tests may also use the libs above it that run things for tests (infra, testing).
 */
const LIB_LAYERS = [
  ['contracts', ['libs/contracts']],
  ['domain', ['libs/domain']],
  ['ballot-pdf', ['libs/ballot-pdf']],
  ['database', ['libs/database']],
  // starts Postgres and Kafka; provisions databases and roles through libs/database
  ['infra', ['libs/infra']],
  ['transparency', ['libs/transparency']],
  ['messaging', ['libs/messaging']],
  ['packets', ['libs/packets']],
  ['platform', ['libs/platform']],
  ['testing', ['libs/testing']],
];
const LIBS = LIB_LAYERS.map(([type]) => type);
const below = (type) => LIBS.slice(0, LIBS.indexOf(type));
const TEST_FILES = ['**/*.spec.ts', '**/*.spec.tsx', '**/*.int-spec.ts', '**/*.fixture.ts'];

const BOUNDARY_SETTINGS = {
  'boundaries/elements': [
    ...LIB_LAYERS.map(([type, pattern]) => ({ type, pattern })),
    { type: 'app', pattern: 'apps/*', capture: ['app'] },
    { type: 'e2e', pattern: 'test' },
    { type: 'tooling', pattern: ['scripts', 'bench'] },
  ],
  'boundaries/include': ['apps/**', 'libs/**', 'test/**', 'scripts/**', 'bench/**'],
  'import/resolver': { typescript: { project: './tsconfig.json' } },
};

/** `dependencies` policies; `testCode` also lets a lib's or an app's own tests use libs/testing. */
function layerPolicies(testCode) {
  const libsOf = (type) =>
    testCode && type !== 'testing' ? [...new Set([...below(type), 'infra', 'testing'])] : below(type);
  const appLibs = LIBS.filter((t) => testCode || t !== 'testing');
  return [
    ...LIBS.map((type) => ({
      from: { element: { type } },
      allow: { to: { element: { types: { anyOf: [type, ...libsOf(type)] } } } },
    })),
    // an app imports its own files and the libs, never another app
    {
      from: { element: { type: 'app' } },
      allow: { to: { element: { types: { anyOf: appLibs } } } },
    },
    {
      from: { element: { type: 'app' } },
      allow: { to: { element: { type: 'app', captured: { app: '{{ from.captured.app }}' } } } },
    },
    {
      from: { element: { types: { anyOf: ['e2e', 'tooling'] } } },
      allow: { to: { element: { types: { anyOf: [...LIBS, 'app', 'e2e', 'tooling'] } } } },
    },
  ];
}

/**
 * Relative imports stay inside their package: a lib is reached by its `@uocava/*` alias, never by
 * `../../../contracts/src/...` around it (apps have no alias: test/, scripts/ and bench/ reach them
 * by path, and the boundaries rule keeps everyone else out).
 */
const NO_REACH_AROUND = {
  patterns: [
    {
      regex: '^(\\.\\./)+libs/',
      message:
        'Import a lib by its @uocava/* alias, not by a relative path (docs/architecture.md, "Layers").',
    },
    {
      regex: '^(\\.\\./){2,}[a-z-]+/src(/|$)',
      message:
        'Relative imports stay inside their package: reach a lib by its @uocava/* alias (docs/architecture.md).',
    },
  ],
};

/**
 * kafkajs and pdf-lib are unmaintained upstream: each stays behind its one interface (MessageBus in
 * libs/messaging, the renderer of libs/ballot-pdf) so it can be replaced in one place
 * (docs/architecture.md, "Decisions"). Also allowed: the broker probe of libs/infra, the test
 * broker of libs/testing, tests and benchmarks (they check the client itself).
 */
const UNMAINTAINED_CLIENTS = [
  {
    name: 'kafkajs',
    message: 'kafkajs stays behind MessageBus (libs/messaging): use KafkaJsBus (docs/architecture.md).',
  },
  {
    name: 'pdf-lib',
    message: 'pdf-lib stays inside libs/ballot-pdf: use its renderer (docs/architecture.md).',
  },
  {
    name: '@pdf-lib/fontkit',
    message: 'pdf-lib stays inside libs/ballot-pdf: use its renderer (docs/architecture.md).',
  },
];

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
    ],
    rules: { 'no-restricted-syntax': ['error', ...SQL_OUTSIDE_OWNERS] },
  },
  {
    files: [
      'apps/**/*.{ts,tsx}',
      'libs/**/*.{ts,tsx}',
      'test/**/*.ts',
      'scripts/**/*.ts',
      'bench/**/*.{ts,tsx}',
    ],
    plugins: { boundaries },
    settings: BOUNDARY_SETTINGS,
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: layerPolicies(false) }],
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    files: TEST_FILES.map((f) => `{apps,libs}/${f}`),
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: layerPolicies(true) }],
    },
  },
  {
    files: [
      'apps/**/*.{ts,tsx}',
      'libs/**/*.{ts,tsx}',
      'test/**/*.ts',
      'scripts/**/*.ts',
      'bench/**/*.{ts,tsx}',
    ],
    rules: { 'no-restricted-imports': ['error', NO_REACH_AROUND] },
  },
  {
    files: ['apps/**/*.{ts,tsx}', 'libs/**/*.{ts,tsx}', 'scripts/**/*.ts'],
    ignores: [
      'libs/messaging/**',
      'libs/ballot-pdf/**',
      'libs/infra/src/kafka.ts',
      // the ACL file read as kafkajs ACL bindings (applied by the SASL_SSL test and by operators
      // without Strimzi); loaded by the tests' global setup, where libs/messaging cannot be
      'libs/infra/src/kafka-acls.ts',
      'libs/testing/**',
      ...TEST_FILES.map((f) => `{apps,libs}/${f}`),
    ],
    rules: {
      'no-restricted-imports': ['error', { ...NO_REACH_AROUND, paths: UNMAINTAINED_CLIENTS }],
    },
  },
);
