/**
 * The import boundaries (`npm run lint`). Floors, from the bottom: the product (services/<name>/src
 * and resources, shared/src and shared/serverless, site/src), then the test kit (test-support/) and
 * the tests, then the tooling (scripts/). Nothing imports a floor above its own.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules that import each other, directly or through others, at run time (a cycle through a type-only import is erased by the compiler).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-cross-service',
      severity: 'error',
      comment: 'A service (its code and its tests) never imports another service: what two share lives in shared/.',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'product-not-upward',
      severity: 'error',
      comment: 'Service, shared and site code never imports the tooling, the test kit or test code.',
      from: { path: '^(services/[^/]+/(src|resources)|shared/(src|serverless)|site/src)/' },
      to: { path: '^(scripts|test-support)/|/test/' },
    },
    {
      name: 'shared-not-services',
      severity: 'error',
      comment: 'shared/ is below every service: it never imports one.',
      from: { path: '^shared/' },
      to: { path: '^services/' },
    },
    {
      name: 'tests-not-scripts',
      severity: 'error',
      comment:
        "Tests and the test kit never import the tooling (scripts/): what tests and the local stack share lives in test-support/. A service's bench workloads (services/<name>/bench) are the benchmark's own tooling, kept beside the service, and use its runner's types.",
      from: { path: '^(services|shared|site|examples|test-support)/', pathNot: '^services/[^/]+/bench/' },
      to: { path: '^scripts/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|generated|\\.esbuild[^/]*|\\.serverless|\\.package|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.d.ts', '.js', '.cjs', '.json'] },
  },
};
