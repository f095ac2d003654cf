/**
 * No event is dropped silently: every function invoked asynchronously — by SNS, EventBridge or S3
 * (a Lambda permission for that service), or by CodePipeline as an action of any pipeline the
 * services declare — has an on-failure destination, an SQS queue its role may send to, and that
 * queue has an alarm. Over the packaged templates of every service.
 */
import { packagedTemplate } from '../../test-support/packaged-templates';
import type { Json, JsonObject, Template } from '../../test-support/template';

const SERVICES = ['metrics-api', 'approval-gateway', 'pipeline-triggers', 'image-pipeline-starter'];
const ASYNC_PRINCIPALS = ['sns.amazonaws.com', 'events.amazonaws.com', 's3.amazonaws.com'];
const PACKAGING_TIMEOUT = 400_000;
const templates: Record<string, Template> = {};

beforeAll(async () => {
  for (const service of SERVICES) templates[service] = await packagedTemplate(service, 'dev');
}, PACKAGING_TIMEOUT);

const object = (value: Json | undefined) => (value ?? {}) as JsonObject;
const list = (value: Json | undefined) => (Array.isArray(value) ? value : []);
const resourcesOf = (service: string) => Object.entries(templates[service]?.Resources ?? {});
/** `{ Ref: X }` or `{ 'Fn::GetAtt': [X, 'Arn'] }` → X. */
const logicalIdOf = (value: Json | undefined): string | undefined => {
  const reference = object(value);
  if (typeof reference.Ref === 'string') return reference.Ref;
  const attribute = list(reference['Fn::GetAtt'])[0];
  return typeof attribute === 'string' ? attribute : undefined;
};

/** The `FunctionName` of every Lambda invoke action of every pipeline, as written (a name, or a Ref). */
function pipelineInvokedNames(): Json[] {
  return SERVICES.flatMap((service) =>
    resourcesOf(service)
      .filter(([, resource]) => resource.Type === 'AWS::CodePipeline::Pipeline')
      .flatMap(([, pipeline]) => list(object(pipeline.Properties).Stages))
      .flatMap((stage) => list(object(stage).Actions))
      .filter((action) => object(object(action).ActionTypeId).Provider === 'Lambda')
      .map((action) => object(object(action).Configuration).FunctionName ?? null),
  );
}

/** Functions a service lets SNS, EventBridge or S3 invoke (a Lambda permission for that service). */
function permittedAsync(service: string): string[] {
  return resourcesOf(service).flatMap(([, resource]) => {
    if (resource.Type !== 'AWS::Lambda::Permission') return [];
    const properties = object(resource.Properties);
    const target = logicalIdOf(properties.FunctionName);
    return target && ASYNC_PRINCIPALS.includes(String(properties.Principal)) ? [target] : [];
  });
}

/** Functions of a service that a pipeline action invokes, by name or by reference. */
function invokedByPipelines(service: string, invokedNames: Json[]): string[] {
  return resourcesOf(service).flatMap(([logicalId, resource]) => {
    if (resource.Type !== 'AWS::Lambda::Function') return [];
    const name = JSON.stringify(object(resource.Properties).FunctionName);
    const invoked = invokedNames.some(
      (written) => JSON.stringify(written) === name || logicalIdOf(written) === logicalId,
    );
    return invoked ? [logicalId] : [];
  });
}

/** Every function invoked asynchronously, as [service, logical id]. */
function asyncFunctions(): [string, string][] {
  const invokedNames = pipelineInvokedNames();
  const found = SERVICES.flatMap((service) =>
    [...permittedAsync(service), ...invokedByPipelines(service, invokedNames)].map((id) => `${service}/${id}`),
  );
  return [...new Set(found)].sort().map((entry) => entry.split('/') as [string, string]);
}

describe('asynchronously invoked functions', () => {
  it('include the ones SNS, EventBridge and CodePipeline call', () => {
    const names = asyncFunctions().map(([service, logicalId]) => `${service}/${logicalId}`);

    expect(names).toEqual(
      expect.arrayContaining([
        'metrics-api/OnReminderScheduleLambdaFunction',
        'approval-gateway/OnApprovalNotificationLambdaFunction',
        'approval-gateway/OnReminderScheduleLambdaFunction',
        'pipeline-triggers/OnCodeCommitPushLambdaFunction',
        'pipeline-triggers/OnImageBuiltLambdaFunction',
        'pipeline-triggers/TwoPersonRuleLambdaFunction',
        'image-pipeline-starter/ImageBuildActionLambdaFunction',
      ]),
    );
  });

  it('each send a failed event to an SQS queue their role may write to, and that queue alarms', () => {
    const missing: string[] = [];
    for (const [service, logicalId] of asyncFunctions()) {
      const resources = Object.fromEntries(resourcesOf(service));
      const config = Object.values(resources).find(
        (resource) =>
          resource.Type === 'AWS::Lambda::EventInvokeConfig' &&
          logicalIdOf(object(resource.Properties).FunctionName) === logicalId,
      );
      const queue = logicalIdOf(object(object(object(config?.Properties).DestinationConfig).OnFailure).Destination);
      const role = logicalIdOf(object(resources[logicalId]?.Properties).Role);
      const statements = list(object(object(resources[role ?? '']?.Properties)).Policies)
        .flatMap((policy) => list(object(object(policy).PolicyDocument).Statement))
        .map(object);
      const maySend = statements.some(
        (statement) =>
          JSON.stringify(statement.Action ?? '').includes('sqs:SendMessage') &&
          logicalIdOf(statement.Resource) === queue,
      );
      const alarmed = Object.values(resources).some(
        (resource) =>
          resource.Type === 'AWS::CloudWatch::Alarm' &&
          list(object(resource.Properties).Dimensions).some(
            (dimension) => logicalIdOf(object(dimension).Value) === queue,
          ) &&
          list(object(resource.Properties).AlarmActions).length > 0,
      );
      const queueIsSqs = queue !== undefined && resources[queue]?.Type === 'AWS::SQS::Queue';
      if (!queueIsSqs || !maySend || !alarmed) {
        missing.push(`${service}/${logicalId}: queue ${queue ?? 'none'}, may send ${maySend}, alarmed ${alarmed}`);
      }
    }

    expect(missing).toEqual([]);
  });
});
