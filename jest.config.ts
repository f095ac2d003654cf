/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// The SDK warns once per process that its releases after January 2027 need Node 22. The lockfile
// pins today's releases and docs/local-stack.md says so; set here, the quiet reaches the global setup, the
// local stack it starts and every test worker.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Middy and a few other dependencies ship ES modules only; let swc turn them into CommonJS for Jest.
const ESM_DEPENDENCIES = ['@middy'].join('|');

const shared = {
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_DEPENDENCIES})/)`],
  moduleNameMapper: {
    '^@shared/(.*)$': '<rootDir>/shared/src/$1',
    '^@test-support/(.*)$': '<rootDir>/test-support/$1',
  },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test-support/jest-env.ts'],
} satisfies Config;

// Where tests live: every package's test/ folder, the test kit's, and the examples' (examples/<app>/test).
const TEST_ROOTS = '<rootDir>/{services,shared,scripts,site,examples,test-support}/**/test/**';

/**
 * Three projects, named by what a test needs (a file's suffix says which):
 * - unit (`*.test.ts`): no network, no packaging, no child process; runs in seconds.
 * - infrastructure (`*.infra.test.ts`): reads templates `serverless package` builds (cached by inputs).
 * - integration (`*.int.test.ts`): talks to real local stand-ins over TCP (the AWS recorder, the
 *   local stack the global setup starts, a browser).
 */
const config: Config = {
  // Integration tests drive a real local stack; a loaded 2-core CI machine needs headroom.
  testTimeout: 60_000,
  reporters: ['default', ['jest-junit', { outputDirectory: 'test-results', outputName: 'junit.xml' }]],
  collectCoverageFrom: [
    '<rootDir>/services/*/src/**/*.ts',
    '<rootDir>/shared/src/**/*.ts',
    '<rootDir>/scripts/**/*.ts',
    '<rootDir>/test-support/**/*.ts',
    '!**/test/**',
    '!**/generated/**',
    '!**/*.d.ts',
  ],
  coverageReporters: ['text-summary', 'lcov'],
  // Floors a few points under what `npm test` measures (docs/commands.md, Tests): shared/src is reached
  // in-process by every project; the rest also holds code run where Jest cannot count it.
  coverageThreshold: {
    global: { lines: 48, statements: 48, branches: 45, functions: 40 },
    './shared/src/': { lines: 80, statements: 80, branches: 65, functions: 80 },
  },
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [`${TEST_ROOTS}/*.test.ts`],
      setupFilesAfterEnv: ['<rootDir>/test-support/jest-unit-isolation.ts'],
      testPathIgnorePatterns: ['\\.(int|infra)\\.test\\.ts$', '/node_modules/'],
    },
    {
      ...shared,
      displayName: 'infrastructure',
      testMatch: [`${TEST_ROOTS}/*.infra.test.ts`],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: [`${TEST_ROOTS}/*.int.test.ts`],
      globalSetup: '<rootDir>/scripts/local/jest-global-setup.ts',
      globalTeardown: '<rootDir>/scripts/local/jest-global-teardown.ts',
    },
  ],
};

export default config;
