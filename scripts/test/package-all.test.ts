import { packagingEnv } from '../package-all';

describe('the environment of serverless package', () => {
  const env = {
    PATH: '/usr/bin',
    RUNWAY_CORS_ORIGINS: 'http://localhost:41771',
    RUNWAY_LOCAL_TIMEOUT: '30',
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_PROFILE: 'admin',
  };

  it('leaves out what only the local stack uses, so a package matches what deploy builds', () => {
    const packaging = packagingEnv(env, 'prod');
    expect(packaging).not.toHaveProperty('RUNWAY_CORS_ORIGINS');
    expect(packaging).not.toHaveProperty('RUNWAY_LOCAL_TIMEOUT');
    expect(packaging.PATH).toBe('/usr/bin');
  });

  it('has no AWS credentials and builds outside the folder serverless-offline serves from', () => {
    expect(packagingEnv(env, 'prod')).toMatchObject({
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: '',
      RUNWAY_ESBUILD_WORK_FOLDER: '.esbuild-package/prod',
    });
  });

  it('does not change the environment it was given', () => {
    packagingEnv(env, 'dev');
    expect(env.RUNWAY_CORS_ORIGINS).toBe('http://localhost:41771');
  });
});
