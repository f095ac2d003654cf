/**
 * Every service's packaged prod template raises an alarm when one of its functions fails and
 * when its HTTP API answers 5xx, and an alarm's own topic can actually receive it (CloudWatch
 * cannot publish to a topic under the AWS managed SNS key).
 */
import { serviceAlarms } from '../../../shared/serverless/service-alarms';
import { packagedTemplate } from '../../../test-support/packaged-templates';
import type { Json, JsonObject, Template, TemplateResource } from '../../../test-support/template';

const PACKAGING_TIMEOUT = 300_000;
const SERVICES = ['metrics-api', 'approval-gateway', 'pipeline-triggers', 'image-pipeline-starter'];
const templates: Record<string, Template> = {};

beforeAll(async () => {
  for (const service of SERVICES) templates[service] = await packagedTemplate(service, 'prod');
}, PACKAGING_TIMEOUT);

const resourcesOf = (service: string, type: string): [string, TemplateResource][] =>
  Object.entries(templates[service]?.Resources ?? {}).filter(([, resource]) => resource.Type === type);

const alarmsOf = (service: string) =>
  resourcesOf(service, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties ?? {});

function alarmOn(service: string, namespace: string, metric: string, dimension: string, logicalId: string) {
  return alarmsOf(service).find(
    (alarm) =>
      alarm.Namespace === namespace &&
      alarm.MetricName === metric &&
      (alarm.Dimensions as JsonObject[]).some(
        (entry) => entry.Name === dimension && (entry.Value as JsonObject)?.Ref === logicalId,
      ),
  );
}

const statements = (policy: Json | undefined) => ((policy as JsonObject).Statement as JsonObject[]) ?? [];
const asList = (value: Json | undefined) => (Array.isArray(value) ? value : [value]);

describe.each(SERVICES)('%s', (service) => {
  it('alarms on the errors of every function', () => {
    const functions = resourcesOf(service, 'AWS::Lambda::Function').map(([id]) => id);
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      const alarm = alarmOn(service, 'AWS/Lambda', 'Errors', 'FunctionName', fn);
      expect({ fn, alarm }).toEqual({ fn, alarm: expect.objectContaining({ AlarmActions: [expect.anything()] }) });
    }
  });

  it('alarms on the 5xx answers of its HTTP API', () => {
    for (const [api] of resourcesOf(service, 'AWS::ApiGatewayV2::Api')) {
      expect(alarmOn(service, 'AWS/ApiGateway', '5xx', 'ApiId', api)).toBeDefined();
    }
  });

  it('notifies topics that CloudWatch may publish to and decrypt for', () => {
    const resources = templates[service]?.Resources ?? {};
    const topics = new Set(
      alarmsOf(service)
        .flatMap((alarm) => alarm.AlarmActions as JsonObject[])
        .map((action) => action.Ref)
        .filter((ref): ref is string => typeof ref === 'string'),
    );
    for (const topic of topics) {
      const key = (resources[topic]?.Properties?.KmsMasterKeyId as JsonObject)?.Ref as string;
      expect(resources[key]?.Type).toBe('AWS::KMS::Key');
      const keyGrants = statements(resources[key]?.Properties?.KeyPolicy).filter((statement) =>
        asList((statement.Principal as JsonObject)?.Service).includes('cloudwatch.amazonaws.com'),
      );
      expect(keyGrants.flatMap((statement) => asList(statement.Action))).toEqual(
        expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']),
      );
      const topicPolicy = Object.values(resources).find(
        (resource) =>
          resource.Type === 'AWS::SNS::TopicPolicy' &&
          ((resource.Properties?.Topics ?? []) as JsonObject[]).some((entry) => entry.Ref === topic),
      );
      const publishers = statements(topicPolicy?.Properties?.PolicyDocument).filter(
        (statement) => statement.Effect === 'Allow' && statement.Action === 'sns:Publish',
      );
      expect(publishers.flatMap((statement) => asList((statement.Principal as JsonObject).Service))).toContain(
        'cloudwatch.amazonaws.com',
      );
    }
  });
});

describe('the generated alarms of a service without a topic to borrow', () => {
  const generate = (email: string) =>
    serviceAlarms({ service: 'runway-x', stage: 'dev', email, functionNames: ['doIt', 'do-it'], hasHttpApi: false });

  it('names alarms after the logical ids serverless gives functions', () => {
    const { Resources } = generate('none');
    expect(Object.keys(Resources)).toEqual(
      expect.arrayContaining(['DoItLambdaFunctionErrorsAlarm', 'DoDashitLambdaFunctionErrorsAlarm']),
    );
    expect(Resources).not.toHaveProperty('HttpApi5xxAlarm');
  });

  it('subscribes the alarms email only when one is set', () => {
    expect(generate('none').Resources).not.toHaveProperty('ServiceAlarmsEmailSubscription');
    expect(generate('oncall@example.org').Resources.ServiceAlarmsEmailSubscription?.Properties).toEqual({
      TopicArn: { Ref: 'ServiceAlarmsTopic' },
      Protocol: 'email',
      Endpoint: 'oncall@example.org',
    });
  });
});
