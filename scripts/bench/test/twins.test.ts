import { kindOf } from '../twins';

describe('the kind of a function, by what invokes it (serverless.yml events)', () => {
  it('calls an HTTP API GET a read and any other method a write', () => {
    expect(kindOf([{ httpApi: { method: 'GET', path: '/activities' } }])).toBe('api-read');
    expect(kindOf([{ httpApi: { method: 'post', path: '/activities' } }])).toBe('api-write');
    expect(kindOf([{ httpApi: 'DELETE /activities/{id}' }])).toBe('api-write');
  });

  it('calls SNS, EventBridge and schedule consumers events, and a function nothing invokes a pipeline job', () => {
    expect(kindOf([{ sns: { arn: 'arn:aws:sns:us-east-1:123456789012:images' } }])).toBe('event');
    expect(kindOf([{ schedule: 'cron(0 9 ? * MON *)' }])).toBe('event');
    expect(kindOf([{ eventBridge: { pattern: { source: ['aws.codecommit'] } } }])).toBe('event');
    expect(kindOf(undefined)).toBe('pipeline-job');
  });
});
