import type { Json, Template } from '../../../test-support/template';
import { checkIam, isWildcardAction } from '../check-iam';

const roleWith = (statement: Json): Template => ({
  Resources: {
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [statement] } }] },
    },
  },
});

describe('checkIam', () => {
  it('flags "*" and service-wide actions', () => {
    expect(isWildcardAction('*')).toBe(true);
    expect(isWildcardAction('s3:*')).toBe(true);
    expect(isWildcardAction('codecommit:Get*')).toBe(false);
    expect(isWildcardAction('s3:GetObject')).toBe(false);
  });

  it('fails a statement that allows a service-wide action, wherever the policy sits', () => {
    const findings = checkIam(roleWith({ Effect: 'Allow', Action: ['s3:GetObject', 'ecr:*'], Resource: 'arn' }));
    expect(findings.map((finding) => finding.message)).toEqual(['Allow of wildcard action "ecr:*"']);
  });

  it('fails Allow with NotAction, and both branches of a conditional statement', () => {
    const conditional: Json = {
      'Fn::If': ['C', { Effect: 'Allow', Action: '*' }, { Effect: 'Allow', NotAction: 'iam:*' }],
    };
    expect(checkIam(roleWith(conditional)).map((finding) => finding.message)).toEqual([
      'Allow of wildcard action "*"',
      'Allow with NotAction grants every other action',
    ]);
  });

  it('lets a Deny use a wildcard, as TLS-only bucket policies do', () => {
    expect(checkIam(roleWith({ Effect: 'Deny', Action: 's3:*', Principal: '*' }))).toEqual([]);
  });
  it('leaves out a managed policy that a role of the template uses as its permissions boundary, and only that one', () => {
    const capAll = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    const template: Template = {
      Resources: {
        Boundary: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: capAll } },
        Granting: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: capAll } },
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: { PermissionsBoundary: { Ref: 'Boundary' }, ManagedPolicyArns: [{ Ref: 'Granting' }] },
        },
      },
    };
    expect(checkIam(template).map((finding) => finding.where)).toEqual([
      'Resources.Granting.Properties.PolicyDocument.Statement[0]',
    ]);
  });
});
