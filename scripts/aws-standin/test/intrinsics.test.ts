// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Fn::Sub strings use ${} themselves
import { type EvaluationContext, evaluate, TemplateEvaluationError } from '../cloudformation/intrinsics';
import { creationOrder, parseTemplate } from '../cloudformation/template';
import { parseQueryForm } from '../query-protocol';

const context: EvaluationContext = {
  region: 'eu-west-1',
  accountId: '123456789012',
  stackName: 'runway-dev',
  stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/runway-dev/id',
  parameters: { Stage: 'dev', Subnets: ['subnet-a', 'subnet-b'] },
  conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
  mappings: { Sizes: { dev: { Memory: 512 } } },
  resourceRef: (logicalId) => `${logicalId}-physical`,
  resourceAttribute: (logicalId, attribute) => `${logicalId}-${attribute}`,
  importValue: (name) => `imported:${name}`,
};

test.each([
  ['Ref of a pseudo parameter', { Ref: 'AWS::Region' }, 'eu-west-1'],
  ['Ref of a resource', { Ref: 'Topic' }, 'Topic-physical'],
  [
    'GetAtt in both forms',
    [{ 'Fn::GetAtt': ['Table', 'Arn'] }, { 'Fn::GetAtt': 'Table.StreamArn' }],
    ['Table-Arn', 'Table-StreamArn'],
  ],
  [
    'Sub with attributes, variables and a literal',
    { 'Fn::Sub': ['${Api.ApiEndpoint}/${Path}/${!Literal}', { Path: 'v1' }] },
    'Api-ApiEndpoint/v1/${Literal}',
  ],
  [
    'Join and Select over a list parameter',
    { 'Fn::Join': [',', [{ 'Fn::Select': [1, { Ref: 'Subnets' }] }, 'x']] },
    'subnet-b,x',
  ],
  [
    'If on a condition, NoValue dropping the key',
    { a: { 'Fn::If': ['IsProd', 1, { Ref: 'AWS::NoValue' }] }, b: 2 },
    { b: 2 },
  ],
  ['FindInMap', { 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'Memory'] }, 512],
  ['ImportValue', { 'Fn::ImportValue': { 'Fn::Sub': 'runway-${Stage}-topic' } }, 'imported:runway-dev-topic'],
  ['Cidr', { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }, ['10.0.0.0/24', '10.0.1.0/24']],
])('%s', (_what, value, expected) => {
  expect(evaluate(value, context)).toEqual(expected);
});

test('an unknown mapping key is a template error', () => {
  expect(() => evaluate({ 'Fn::FindInMap': ['Sizes', 'prod', 'Memory'] }, context)).toThrow(TemplateEvaluationError);
});

test('resources are created after what they reference, and a cycle is refused', () => {
  const ordered = parseTemplate(
    JSON.stringify({
      Resources: {
        Policy: { Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: [{ Ref: 'Topic' }] } },
        Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { 'Fn::Sub': '${Table.Arn}' } } },
        Table: { Type: 'AWS::DynamoDB::Table' },
      },
    }),
  );
  const cyclic = JSON.stringify({
    Resources: { A: { Type: 'AWS::SNS::Topic', DependsOn: 'B' }, B: { Type: 'AWS::SNS::Topic', DependsOn: 'A' } },
  });

  expect(creationOrder(ordered)).toEqual(['Table', 'Topic', 'Policy']);
  expect(() => parseTemplate(cyclic)).toThrow('Circular dependency between resources: [A, B]');
});

test('a reference to nothing the template declares is refused as CloudFormation words it', () => {
  const template = JSON.stringify({
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { Ref: 'Missing' } } } },
  });

  expect(() => parseTemplate(template)).toThrow(
    'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
  );
});

test('awsQuery forms nest members into lists and structures', () => {
  const form =
    'Action=CreateStack&StackName=s&Capabilities.member.1=CAPABILITY_IAM&Parameters.member.1.ParameterKey=Stage&Parameters.member.1.ParameterValue=dev&NotificationARNs=';

  expect(parseQueryForm(form)).toEqual({
    Action: 'CreateStack',
    StackName: 's',
    Capabilities: ['CAPABILITY_IAM'],
    Parameters: [{ ParameterKey: 'Stage', ParameterValue: 'dev' }],
    NotificationARNs: '',
  });
});
