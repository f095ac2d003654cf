/**
 * The DynamoDB tables as packaged (shared/serverless/table-names.js): a table prod retains is named
 * by CloudFormation, so a removed prod stage deploys again; its functions get the name through Ref,
 * their roles name the table's ARN through GetAtt, and an output gives the name. A table deleted
 * with its stack keeps the conventional name the local stack and the tests use.
 */
import { packagedTemplate } from '../../../test-support/packaged-templates';
import type { Json, JsonObject, Template } from '../../../test-support/template';

const PACKAGING_TIMEOUT = 600_000;

const TABLES = [
  { service: 'metrics-api', logicalId: 'ActivitiesTable', variable: 'ACTIVITIES_TABLE', output: 'ActivitiesTableName' },
  { service: 'metrics-api', logicalId: 'WeeksTable', variable: 'WEEKS_TABLE', output: 'WeeksTableName' },
  {
    service: 'approval-gateway',
    logicalId: 'ApprovalsTable',
    variable: 'APPROVALS_TABLE',
    output: 'ApprovalsTableName',
  },
] as const;

const conventional: Record<string, string> = {
  ActivitiesTable: 'activities',
  WeeksTable: 'weeks',
  ApprovalsTable: 'approvals',
};

const templates = new Map<string, Template>();
const templateOf = (service: string, stage: string): Template => {
  const template = templates.get(`${service}/${stage}`);
  if (!template) throw new Error(`${service} (${stage}) was not packaged`);
  return template;
};

beforeAll(async () => {
  for (const service of ['metrics-api', 'approval-gateway']) {
    for (const stage of ['dev', 'prod']) templates.set(`${service}/${stage}`, await packagedTemplate(service, stage));
  }
}, PACKAGING_TIMEOUT);

/** The value of `variable` in every function that is given it. */
function environmentValues(template: Template, variable: string): Json[] {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::Lambda::Function')
    .map(
      (resource) => ((resource.Properties?.Environment as JsonObject | undefined)?.Variables as JsonObject)?.[variable],
    )
    .filter((value): value is Json => value !== undefined);
}

/** Every IAM statement Resource of the template's roles that mentions the table. */
function tableStatementResources(template: Template, logicalId: string): string[] {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Role')
    .flatMap((role) => (role.Properties?.Policies as JsonObject[] | undefined) ?? [])
    .flatMap((policy) => ((policy.PolicyDocument as JsonObject).Statement as JsonObject[]) ?? [])
    .map((statement) => JSON.stringify(statement.Resource))
    .filter((text) => text.includes(logicalId) || /dynamodb/.test(text));
}

describe.each(TABLES)('$service $logicalId', ({ service, logicalId, variable, output }) => {
  it('in prod: retained, named by CloudFormation; functions get it through Ref, roles through GetAtt, an output gives it', () => {
    const template = templateOf(service, 'prod');
    const table = template.Resources[logicalId];

    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.Properties?.TableName ?? { Ref: 'AWS::NoValue' }).toEqual({ Ref: 'AWS::NoValue' });
    const values = environmentValues(template, variable);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(value).toEqual({ Ref: logicalId });
    const statements = tableStatementResources(template, logicalId).filter((text) => text.includes(logicalId));
    expect(statements.length).toBeGreaterThan(0);
    for (const text of statements) expect(text).not.toContain(`-prod-${conventional[logicalId]}`);
    expect(template.Outputs?.[output]?.Value).toEqual({ Ref: logicalId });
  });

  it('in dev: deleted with its stack, keeping the name the local stack and the tests address', () => {
    const template = templateOf(service, 'dev');
    const name = `runway-${service}-dev-${conventional[logicalId]}`;

    expect(template.Resources[logicalId]?.DeletionPolicy).toBe('Delete');
    expect(template.Resources[logicalId]?.Properties?.TableName).toBe(name);
    for (const value of environmentValues(template, variable)) expect(value).toBe(name);
  });
});

describe('pipeline-triggers in prod', () => {
  it(
    "reads the approvals table compose passes from the gateway's output, scoped to that table's index",
    async () => {
      const generated = 'runway-approval-gateway-prod-ApprovalsTable-1Q2W3E4R5T6Y';
      const template = await packagedTemplate('pipeline-triggers', 'prod', { approvalsTable: generated });

      for (const value of environmentValues(template, 'APPROVALS_TABLE')) expect(value).toBe(generated);
      const query = tableStatementResources(template, generated).filter((text) => text.includes(generated));
      expect(query).toEqual([expect.stringContaining(`:table/${generated}/index/byExecution`)]);
    },
    PACKAGING_TIMEOUT,
  );
});
