import { packagingEnv, packagingParams } from '../packaging';

describe('the environment of serverless package', () => {
  const env = {
    PATH: '/usr/bin',
    RUNWAY_CORS_ORIGINS: 'http://localhost:41771',
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_PROFILE: 'admin',
  };

  it('keeps the rest of the shell (the configuration reads no local-stack setting from it)', () => {
    const packaging = packagingEnv(env);
    expect(packaging.PATH).toBe('/usr/bin');
    expect(packaging.RUNWAY_CORS_ORIGINS).toBe('http://localhost:41771');
  });

  it('has no AWS credentials', () => {
    expect(packagingEnv(env)).toMatchObject({ AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' });
  });

  it('builds outside the folder serverless-offline serves from, unless told where', () => {
    expect(packagingParams('prod')).toEqual({ esbuildWorkFolder: '.esbuild-package/prod' });
    expect(packagingParams('dev', { esbuildWorkFolder: 'elsewhere', natMode: 'instance' })).toEqual({
      esbuildWorkFolder: 'elsewhere',
      natMode: 'instance',
    });
  });

  it('does not change the environment it was given', () => {
    packagingEnv(env);
    expect(env.AWS_ACCESS_KEY_ID).toBe('AKIAEXAMPLE');
  });
});
