/** Jest runs TypeScript through SWC (fast, keeps decorator metadata for Nest). Type checking is
 * a separate step (`npm run typecheck`), run by `npm test` before jest. */
const fs = require('fs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;
const tsconfig = require('./tsconfig.json');
const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
  if (alias.endsWith('/*')) continue;
  moduleNameMapper[`^${alias}/(.*)$`] = `<rootDir>/${target}/$1`;
  moduleNameMapper[`^${alias}$`] = `<rootDir>/${target}`;
}
// .tsx (server-rendered pages, Preact) gets the TSX parser and the automatic JSX runtime.
const tsx = {
  ...swcrc,
  swcrc: false,
  jsc: {
    ...swcrc.jsc,
    parser: { ...swcrc.jsc.parser, tsx: true },
    transform: { ...swcrc.jsc.transform, react: { runtime: 'automatic', importSource: 'preact' } },
  },
};
const transform = {
  '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }],
  '^.+\\.tsx$': ['@swc/jest', tsx],
  // intl-messageformat (FormatJS) ships ES modules only: SWC makes them CommonJS for jest
  '^.+/node_modules/(intl-messageformat|@formatjs)/.+\\.js$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      swcrc: false,
    },
  ],
};
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(intl-messageformat|@formatjs)/)'],
  moduleNameMapper,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};
module.exports = {
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.{ts,tsx}'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      // two whole dev stacks (npm start) take 1-2.5 min: `npm run chaos` runs that test, npm test does not
      testPathIgnorePatterns:
        process.env.UOCAVA_CHAOS === '1' ? [] : ['<rootDir>/test/dev-stack.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
