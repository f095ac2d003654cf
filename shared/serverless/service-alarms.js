// Alarms of a service that has no alarms topic to borrow (metrics-api and approval-gateway deploy
// before pipeline-triggers, which owns the delivery alarms topic): an alarm on the Errors of
// every function the service declares, one on its HTTP API's 5xx answers, and the topic they
// notify. Generated from `functions`, so a new function gets its alarm without a YAML copy.
//
// The topic is encrypted with a customer managed key because CloudWatch cannot publish to a
// topic under the AWS managed SNS key (its key policy cannot grant CloudWatch anything).
//
// Params: `alarmsEmail` (an address subscribed to the topic, or `none`).

// The framework's own naming, so an alarm always points at the logical id osls gives a function.
const naming = require('serverless/lib/plugins/aws/lib/naming');

const TOPIC = 'ServiceAlarmsTopic';

/** An alarm that fires when `metric` sums to at least 1 within five minutes. */
function sumAlarm({ description, namespace, metric, dimensions }) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmDescription: description,
      Namespace: namespace,
      MetricName: metric,
      Dimensions: dimensions,
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: TOPIC }],
    },
  };
}

function topicResources({ service, stage, email }) {
  const resources = {
    ServiceAlarmsKey: {
      Type: 'AWS::KMS::Key',
      Properties: {
        Description: `${service} ${stage} alarms topic`,
        EnableKeyRotation: true,
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              // The account administers the key through IAM (the actions are listed, no kms:*).
              Sid: 'AccountAdministers',
              Effect: 'Allow',
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string.
              Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
              Action: [
                'kms:Create*',
                'kms:Describe*',
                'kms:Enable*',
                'kms:List*',
                'kms:Put*',
                'kms:Update*',
                'kms:Revoke*',
                'kms:Disable*',
                'kms:Get*',
                'kms:Delete*',
                'kms:TagResource',
                'kms:UntagResource',
                'kms:ScheduleKeyDeletion',
                'kms:CancelKeyDeletion',
                'kms:Encrypt',
                'kms:Decrypt',
                'kms:ReEncrypt*',
                'kms:GenerateDataKey*',
              ],
              Resource: '*',
            },
            {
              Sid: 'CloudWatchPublishesToTheEncryptedTopic',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Resource: '*',
            },
          ],
        },
      },
    },
    [TOPIC]: {
      Type: 'AWS::SNS::Topic',
      Properties: {
        TopicName: `${service}-${stage}-alarms`,
        DisplayName: `${service} ${stage} alarms`,
        KmsMasterKeyId: { Ref: 'ServiceAlarmsKey' },
      },
    },
    ServiceAlarmsTopicPolicy: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [{ Ref: TOPIC }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AlarmsOfThisAccountPublish',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: { Ref: TOPIC },
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            },
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: 'sns:Publish',
              Resource: { Ref: TOPIC },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
  };
  if (email && email !== 'none') {
    resources.ServiceAlarmsEmailSubscription = {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: TOPIC }, Protocol: 'email', Endpoint: email },
    };
  }
  return resources;
}

/** The resources for a service with `functionNames` and, when `hasHttpApi`, an HTTP API. */
function serviceAlarms({ service, stage, email, functionNames, hasHttpApi }) {
  const resources = topicResources({ service, stage, email });
  for (const name of functionNames) {
    const logicalId = naming.getLambdaLogicalId(name);
    resources[`${logicalId}ErrorsAlarm`] = sumAlarm({
      description: `${service} ${stage}: ${name} failed (errors, timeouts or crashes)`,
      namespace: 'AWS/Lambda',
      metric: 'Errors',
      dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId } }],
    });
  }
  if (hasHttpApi) {
    resources.HttpApi5xxAlarm = sumAlarm({
      description: `${service} ${stage}: the HTTP API answered 5xx`,
      namespace: 'AWS/ApiGateway',
      metric: '5xx',
      dimensions: [{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }],
    });
  }
  return {
    Resources: resources,
    Outputs: {
      ServiceAlarmsTopicArn: { Description: 'Topic the alarms of this service notify', Value: { Ref: TOPIC } },
    },
  };
}

module.exports = async ({ resolveVariable }) => {
  const functions = (await resolveVariable('self:functions')) ?? {};
  return serviceAlarms({
    service: await resolveVariable('self:service'),
    stage: await resolveVariable('sls:stage'),
    email: await resolveVariable('param:alarmsEmail'),
    functionNames: Object.keys(functions),
    hasHttpApi: Object.values(functions).some((fn) => (fn.events ?? []).some((event) => event.httpApi)),
  });
};
module.exports.serviceAlarms = serviceAlarms;
