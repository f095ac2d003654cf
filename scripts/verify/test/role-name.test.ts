import { MAX_ROLE_NAME, roleName } from '../../../shared/serverless/role-name';

describe('roleName', () => {
  it('names a role <service>-<stage>-<function>-<region> while that fits IAM', () => {
    expect(
      roleName({
        service: 'runway-pipeline-triggers',
        stage: 'prod',
        region: 'us-east-1',
        functionName: 'twoPersonRule',
      }),
    ).toBe('runway-pipeline-triggers-prod-twoPersonRule-us-east-1');
  });

  it('shortens the function part of a longer name, keeping the prefix other services match and the region', () => {
    const names = {
      service: 'runway-image-pipeline-starter',
      stage: 'staging',
      region: 'ap-southeast-5',
    };
    const name = roleName({ ...names, functionName: 'imageBuildAction' });
    expect(name.length).toBeLessThanOrEqual(MAX_ROLE_NAME);
    expect(name.startsWith('runway-image-pipeline-starter-staging-')).toBe(true);
    expect(name.endsWith('-ap-southeast-5')).toBe(true);
    // Two functions that share a long prefix still get two roles.
    expect(roleName({ ...names, functionName: 'imageBuildActionRetry' })).not.toBe(name);
    expect(roleName({ ...names, functionName: 'imageBuildAction' })).toBe(name);
  });

  it('refuses when not even the prefix and the region fit', () => {
    expect(() => roleName({ service: 'x'.repeat(50), stage: 'prod', region: 'us-east-1', functionName: 'f' })).toThrow(
      /no IAM role name/,
    );
  });
});
