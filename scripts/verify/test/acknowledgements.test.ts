import {
  type Acknowledgement,
  acknowledges,
  loadAcknowledgements,
  type NagFinding,
  parseAcknowledgements,
  splitRuleName,
} from '../acknowledgements';

const finding = (overrides: Partial<NagFinding>): NagFinding => ({
  service: 'pipeline-triggers',
  stage: 'dev',
  rule: 'AwsSolutions-IAM5',
  resource: 'EcsTaskExecutionRole',
  description: 'wildcard',
  ...overrides,
});
const entry = (overrides: Partial<Acknowledgement>): Acknowledgement => ({
  rule: 'AwsSolutions-IAM5',
  resources: ['EcsTaskExecutionRole'],
  reason: 'a reason long enough to say something specific',
  ...overrides,
});

describe('acknowledgements', () => {
  it('reads the project file, every entry with a rule, resources and a reason', () => {
    expect(loadAcknowledgements().length).toBeGreaterThan(0);
  });

  it('refuses an entry without a specific reason', () => {
    expect(() =>
      parseAcknowledgements('acknowledgements:\n  - rule: AwsSolutions-S1\n    resources: [B]\n    reason: ok\n'),
    ).toThrow(/reason/);
  });

  it('splits a finding into its rule and detail', () => {
    expect(splitRuleName('AwsSolutions-IAM5[Resource::*]')).toEqual({
      rule: 'AwsSolutions-IAM5',
      detail: 'Resource::*',
    });
    expect(splitRuleName('AwsSolutions-S1')).toEqual({ rule: 'AwsSolutions-S1' });
  });

  it('covers a finding only for the named rule, resource, service and stage', () => {
    const scoped = entry({ services: ['pipeline-triggers'], stages: ['dev'], findings: ['Resource::*'] });
    expect(acknowledges(scoped, finding({ detail: 'Resource::*' }))).toBe(true);
    expect(acknowledges(scoped, finding({ detail: 'Resource::*', stage: 'prod' }))).toBe(false);
    expect(acknowledges(scoped, finding({ detail: 'Resource::*', resource: 'OtherRole' }))).toBe(false);
    expect(acknowledges(scoped, finding({ detail: 'Resource::*', rule: 'AwsSolutions-IAM4' }))).toBe(false);
  });

  it('covers a detailed finding only when the entry names it, with <stage> standing for the stage', () => {
    const exact = entry({ findings: ['Resource::arn:parameter/runway/<stage>/app/*'] });
    expect(acknowledges(exact, finding({ detail: 'Resource::arn:parameter/runway/dev/app/*' }))).toBe(true);
    expect(acknowledges(exact, finding({ detail: 'Resource::arn:parameter/runway/prod/app/*' }))).toBe(false);
    expect(acknowledges(entry({}), finding({ detail: 'Resource::*' }))).toBe(false);
  });
});
