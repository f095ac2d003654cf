/**
 * Turns a packaged function's CloudFormation `Environment.Variables` into the plain strings a local
 * process can be given, with the stand-in's evaluator of intrinsics: references become the values
 * they would have in an account (123456789012, us-east-1).
 */
import { type EvaluationContext, evaluate } from '../aws-standin/cloudformation/intrinsics';

export interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

/** `Ref` gives a topic's ARN, or a resource's name; `Fn::GetAtt` an ARN, or a CloudFront-like domain. */
function accountOf(resources: Template['Resources']): EvaluationContext {
  const resourceRef = (logicalId: string): string => {
    const resource = resources[logicalId];
    if (resource === undefined) throw new Error(`Ref to unknown resource ${logicalId}`);
    const name = resource.Properties?.TopicName ?? resource.Properties?.TableName ?? resource.Properties?.Name;
    if (resource.Type === 'AWS::SNS::Topic') return `arn:aws:sns:${REGION}:${ACCOUNT}:${String(name ?? logicalId)}`;
    return typeof name === 'string' ? name : logicalId.toLowerCase();
  };
  return {
    region: REGION,
    accountId: ACCOUNT,
    stackName: 'runway-bench',
    stackId: 'runway-bench',
    parameters: {},
    conditions: {},
    mappings: {},
    resourceRef,
    resourceAttribute: (logicalId, attribute) => {
      if (attribute === 'DomainName') return `${logicalId.toLowerCase()}.cloudfront.net`;
      if (attribute === 'Arn') return `arn:aws:bench:${REGION}:${ACCOUNT}:${resourceRef(logicalId)}`;
      return `${resourceRef(logicalId)}-${attribute.toLowerCase()}`;
    },
    importValue: (name) => name,
  };
}

/** The environment of the Lambda function named `functionName` in a packaged template, as plain strings. */
export function functionEnvironment(template: Template, functionName: string): Record<string, string> {
  const resource = Object.values(template.Resources).find(
    (candidate) => candidate.Type === 'AWS::Lambda::Function' && candidate.Properties?.FunctionName === functionName,
  );
  if (resource === undefined) throw new Error(`No AWS::Lambda::Function named ${functionName} in the template`);
  const environment = resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined;
  const values = evaluate(environment?.Variables ?? {}, accountOf(template.Resources)) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => {
      if (typeof value === 'object') throw new Error(`Cannot resolve ${name}: ${JSON.stringify(value)}`);
      return [name, String(value)];
    }),
  );
}
