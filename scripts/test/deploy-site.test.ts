import { authSettings, parseStackOutputs } from '../deploy-site';

describe('parseStackOutputs', () => {
  it('reads the outputs serverless info --verbose prints', () => {
    const info = [
      'service: runway-metrics-api',
      'stage: prod',
      'endpoints:',
      '  POST - https://abc.execute-api.us-east-1.amazonaws.com/activities',
      '',
      'Stack Outputs:',
      '  HttpApiUrl: https://abc.execute-api.us-east-1.amazonaws.com',
      '  SiteUrl: https://d111111abcdef8.cloudfront.net',
      '  ServerlessDeploymentBucketName: runway-deploy-bucket',
    ].join('\n');

    expect(parseStackOutputs(info)).toEqual({
      HttpApiUrl: 'https://abc.execute-api.us-east-1.amazonaws.com',
      SiteUrl: 'https://d111111abcdef8.cloudfront.net',
      ServerlessDeploymentBucketName: 'runway-deploy-bucket',
    });
  });

  it('finds nothing when the stack has no outputs section', () => {
    expect(parseStackOutputs('service: runway-metrics-api\nstage: dev\n')).toEqual({});
  });
});

describe('authSettings', () => {
  const outputs = {
    SiteUrl: 'https://d111111abcdef8.cloudfront.net',
    SignInIssuerUrl: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example12',
    SignInClientId: '4pv2ample0client0id00000000',
    SignInDomainUrl: 'https://runway-metrics-api-prod.auth.us-east-1.amazoncognito.com',
  };

  it("names the stage's user pool, its site client, the site's callback and Cognito's logout page", () => {
    expect(authSettings(outputs)).toEqual({
      authority: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example12',
      clientId: '4pv2ample0client0id00000000',
      redirectUri: 'https://d111111abcdef8.cloudfront.net/callback.html',
      postLogoutRedirectUri: 'https://d111111abcdef8.cloudfront.net/',
      signOutUrl: 'https://runway-metrics-api-prod.auth.us-east-1.amazoncognito.com/logout',
    });
  });

  it('refuses a stack deployed before sign-in existed', () => {
    const { SignInClientId: _missing, ...older } = outputs;

    expect(() => authSettings(older)).toThrow('SignInClientId');
  });
});
