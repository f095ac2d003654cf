/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

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
      testMatch: ['<rootDir>/{services,shared,scripts,site}/**/test/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '/node_modules/'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{services,shared,scripts,site}/**/test/**/*.int.test.ts'],
      globalSetup: '<rootDir>/scripts/local/jest-global-setup.ts',
      globalTeardown: '<rootDir>/scripts/local/jest-global-teardown.ts',
    },
  ],
};

export default config;
