/**
 * The record of who pushed each change, as the packaged templates declare it: keyed by repository
 * and commit, written by both push handlers (CodeCommit's included), read by the two-person rule.
 */
import { packagedTemplate } from '../../../test-support/packaged-templates';
import type { Json, JsonObject, Template } from '../../../test-support/template';

const PACKAGING_TIMEOUT = 180_000;
let template: Template;

beforeAll(async () => {
  template = await packagedTemplate('pipeline-triggers', 'dev');
}, PACKAGING_TIMEOUT);

const object = (value: Json | undefined) => (value ?? {}) as JsonObject;
const list = (value: Json | undefined) => (Array.isArray(value) ? value : []);

/** The actions a function's own role allows on the push-authors table. */
function tableActions(roleLogicalId: string): string[] {
  const role = template.Resources[roleLogicalId];
  const statements = list(object(role?.Properties).Policies)
    .flatMap((policy) => list(object(object(policy).PolicyDocument).Statement))
    .map(object);
  return statements
    .filter(
      (statement) =>
        JSON.stringify(statement.Resource) === JSON.stringify({ 'Fn::GetAtt': ['SourceAuthorsTable', 'Arn'] }),
    )
    .flatMap((statement) => list(statement.Action).map(String));
}

describe('the push-authors table', () => {
  it('is keyed by repository and commit', () => {
    expect(object(template.Resources.SourceAuthorsTable?.Properties).KeySchema).toEqual([
      { AttributeName: 'repository', KeyType: 'HASH' },
      { AttributeName: 'commitId', KeyType: 'RANGE' },
    ]);
  });

  it.each([
    ['onCodeCommitPush', 'OnCodeCommitPushIamRoleLambdaExecution', ['dynamodb:UpdateItem']],
    ['onGithubPush', 'OnGithubPushIamRoleLambdaExecution', ['dynamodb:UpdateItem']],
    ['twoPersonRule', 'TwoPersonRuleIamRoleLambdaExecution', ['dynamodb:GetItem']],
    ['onImageBuilt', 'OnImageBuiltIamRoleLambdaExecution', []],
  ])('%s may do exactly this with it', (_name, role, actions) => {
    expect(tableActions(role)).toEqual(actions);
  });
});
