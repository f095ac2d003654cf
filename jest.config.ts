/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// The SDK warns once per process that its releases after January 2027 need Node 22. The lockfile
// pins today's releases and the README says so; set here, the quiet reaches the global setup, the
// local stack it starts and every test worker.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Middy and a few other dependencies ship ES modules only; let swc turn them into CommonJS for Jest.
const ESM_DEPENDENCIES = ['@middy'].join('|');

const shared = {
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_DEPENDENCIES})/)`],
  moduleNameMapper: {
    '^@shared/(.*)$': '<rootDir>/shared/src/$1',
    '^@test-support/(.*)$': '<rootDir>/shared/test-support/$1',
  },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/scripts/local/jest-env.ts'],
} satisfies Config;

const config: Config = {
  // Integration tests drive a real local stack; a loaded 2-core CI machine needs headroom.
  testTimeout: 60_000,
  reporters: ['default', ['jest-junit', { outputDirectory: 'test-results', outputName: 'junit.xml' }]],
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{services,shared,scripts,site,examples}/**/test/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '/node_modules/'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{services,shared,scripts,site,examples}/**/test/**/*.int.test.ts'],
      globalSetup: '<rootDir>/scripts/local/jest-global-setup.ts',
      globalTeardown: '<rootDir>/scripts/local/jest-global-teardown.ts',
    },
  ],
};

export default config;
