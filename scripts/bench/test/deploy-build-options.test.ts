import { deployBuildOptions } from '../deploy-build-options';

describe('deployBuildOptions', () => {
  it('rebuilds handlers exactly as shared/serverless/esbuild.yml bundles them for deploy', () => {
    expect(deployBuildOptions()).toMatchObject({
      bundle: true,
      minify: true,
      treeShaking: true,
      target: 'node22',
      platform: 'node',
      format: 'cjs',
      mainFields: ['module', 'main'],
      alias: {
        '@aws-sdk/credential-provider-node': expect.stringMatching(/shared\/serverless\/no-credential-chain\.js$/),
      },
    });
  });
});
