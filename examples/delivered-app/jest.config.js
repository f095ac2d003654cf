// The application's own test run (`npm test` in its repository and in its buildspecs): JUnit
// results in test-results/junit.xml for the CodeBuild report group.
module.exports = {
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  testEnvironment: 'node',
  testTimeout: 60_000,
  reporters: ['default', ['jest-junit', { outputDirectory: 'test-results', outputName: 'junit.xml' }]],
};
