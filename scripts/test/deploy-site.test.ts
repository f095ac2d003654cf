import { parseStackOutputs } from '../deploy-site';

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
