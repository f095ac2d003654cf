import type { Json, Template } from '../../../test-support/template';
import { loadCfnSpec } from '../cfn-spec';
import { checkReferences } from '../check-references';

const spec = loadCfnSpec();

function template(properties: Record<string, Json>, extra: Partial<Template> = {}): Template {
  return {
    Parameters: { Stage: { Type: 'String' } },
    Conditions: {
      IsProd: { 'Fn::Equals': ['prod', 'prod'] },
      IsProdWithNat: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': ['a', 'a'] }] },
    },
    Resources: {
      Topic: { Type: 'AWS::SNS::Topic' },
      ProdTopic: { Type: 'AWS::SNS::Topic', Condition: 'IsProd' },
      Subject: { Type: 'AWS::SNS::Subscription', Properties: properties },
    },
    ...extra,
  };
}
const messages = (t: Template) => checkReferences(spec, t).map((finding) => finding.message);

describe('checkReferences', () => {
  it('accepts references to resources, parameters, pseudo parameters and real attributes', () => {
    const refs = template({
      TopicArn: { Ref: 'Topic' },
      Endpoint: { 'Fn::Sub': `arn:\${AWS::Partition}:\${Stage}:\${Topic.TopicName}:\${!Literal}` },
      Region: { 'Fn::GetAtt': ['Topic', 'TopicArn'] },
      Protocol: { 'Fn::Sub': [`\${Own}`, { Own: 'x' }] },
    });
    expect(messages(refs)).toEqual([]);
  });

  it('rejects a Ref, Sub or GetAtt to something the template does not declare', () => {
    const refs = template({
      TopicArn: { Ref: 'Missing' },
      Endpoint: { 'Fn::Sub': `\${Gone.Arn}` },
      Region: { 'Fn::GetAtt': ['Topic', 'Arn'] },
    });
    expect(messages(refs)).toEqual([
      'Ref to "Missing", which is no resource, parameter or pseudo parameter',
      'Fn::GetAtt on "Gone", which is no resource',
      'AWS::SNS::Topic has no attribute "Arn" (has: TopicArn, TopicName)',
    ]);
  });

  it('rejects DependsOn and conditions that name nothing', () => {
    const broken = template({}, {});
    broken.Resources.Subject = { Type: 'AWS::SNS::Subscription', DependsOn: ['Nothing'], Condition: 'Unknown' };
    expect(messages(broken)).toEqual([
      'condition "Unknown" is not declared in Conditions',
      'DependsOn "Nothing", which is no resource',
    ]);
  });

  it('rejects a reference to a conditional resource from where its condition may be false', () => {
    expect(messages(template({ TopicArn: { Ref: 'ProdTopic' } }))).toEqual([
      '"ProdTopic" exists only if IsProd, but is referenced where IsProd may be false',
    ]);
  });

  it('accepts it under the same condition, an Fn::If on it, or a condition that implies it', () => {
    const guarded = template({ TopicArn: { 'Fn::If': ['IsProd', { Ref: 'ProdTopic' }, { Ref: 'Topic' }] } });
    expect(messages(guarded)).toEqual([]);
    const implied = template({ TopicArn: { Ref: 'ProdTopic' } });
    (implied.Resources.Subject as { Condition?: string }).Condition = 'IsProdWithNat';
    expect(messages(implied)).toEqual([]);
  });
});
