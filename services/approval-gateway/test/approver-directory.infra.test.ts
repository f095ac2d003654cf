/**
 * The approver directory and stage isolation as packaged: each stage's template publishes its own
 * reviewed directory file, the gateway reaches only its stage's pipelines, and pipeline-triggers
 * recognises exactly this stage's decide role.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseApproverDirectory } from '@shared/approvals/approver-directory';
import * as yaml from 'js-yaml';
import { packagedTemplate } from '../../../test-support/packaged-templates';
import { ROOT } from '../../../test-support/paths';
import type { Json, JsonObject, Template } from '../../../test-support/template';

const PACKAGING_TIMEOUT = 240_000;
const templates: Record<string, Template> = {};

beforeAll(async () => {
  templates.dev = await packagedTemplate('approval-gateway', 'dev');
  templates.prod = await packagedTemplate('approval-gateway', 'prod');
  templates.triggersProd = await packagedTemplate('pipeline-triggers', 'prod');
}, PACKAGING_TIMEOUT);

const resource = (stage: string, id: string) => (templates[stage]?.Resources[id]?.Properties ?? {}) as JsonObject;
const statements = (stage: string, role: string) =>
  (((resource(stage, role).Policies as JsonObject[])[0]?.PolicyDocument ?? {}) as JsonObject).Statement as JsonObject[];
const statementFor = (stage: string, role: string, action: string) =>
  statements(stage, role).find((statement) => JSON.stringify(statement.Action).includes(action));

describe.each([
  ['dev', 'directory/default.yml'],
  ['prod', 'directory/prod.yml'],
])('the %s stage', (stage, file) => {
  it(`publishes ${file}, checked, as the directory parameter both services read`, () => {
    const parameter = resource(stage, 'ApproverDirectoryParameter');
    const expected = parseApproverDirectory(yaml.load(readFileSync(join(ROOT, file), 'utf8')));

    expect(parameter.Name).toBe(`/runway/${stage}/approver-directory`);
    expect(parseApproverDirectory(JSON.parse(String(parameter.Value)))).toEqual(expected);
  });

  it('lets the decide function answer only this stage’s pipelines', () => {
    const put = statementFor(stage, 'ApprovalDecideIamRoleLambdaExecution', 'codepipeline:PutApprovalResult');
    expect(put?.Resource).toEqual({
      'Fn::Join': [
        '',
        [
          { 'Fn::Sub': `arn:\${AWS::Partition}:codepipeline:\${AWS::Region}:\${AWS::AccountId}:runway-${stage}-*` },
          '/*',
        ],
      ],
    });
    for (const role of ['ApprovalDecideIamRoleLambdaExecution', 'OnApprovalNotificationIamRoleLambdaExecution']) {
      const read = statementFor(stage, role, 'codepipeline:GetPipelineState');
      expect(JSON.stringify(read?.Resource)).toContain(`:runway-${stage}-*"`);
      const ssm = statementFor(stage, role, 'ssm:GetParameter');
      expect(JSON.stringify(ssm?.Resource)).toContain(`parameter/runway/${stage}/approver-directory`);
    }
  });
});

describe('pipeline-triggers and approval-gateway of one stage', () => {
  it('agree on the decide role that stands for the gateway, and on the directory parameter', () => {
    const roleName = resource('prod', 'ApprovalDecideIamRoleLambdaExecution').RoleName as Json;
    const environment = (resource('triggersProd', 'TwoPersonRuleLambdaFunction').Environment as JsonObject)
      .Variables as JsonObject;

    expect(roleName).toBe('runway-approval-gateway-prod-decide-us-east-1');
    expect(environment.APPROVAL_GATEWAY_ROLE_NAME).toBe(roleName);
    expect(environment.APPROVER_DIRECTORY_PARAMETER).toBe('/runway/prod/approver-directory');
  });
});
