// onImageBuilt subscribes to ImageEventsTopic by ARN (its `sns.arn` event), which serverless
// compiles into a subscription and a permission that CloudFormation could create before the
// topic. Both are made to wait for the topic here, under the logical IDs serverless gives them.
const naming = require('serverless/lib/plugins/aws/lib/naming');

const SUBSCRIBER = 'onImageBuilt';

module.exports = async ({ resolveVariable }) => {
  const topicName = await resolveVariable('param:imageEventsTopicName');
  const afterTopic = { DependsOn: ['ImageEventsTopic', 'ImageEventsTopicPolicy'] };
  return {
    extensions: {
      [naming.getLambdaSnsSubscriptionLogicalId(SUBSCRIBER, topicName)]: afterTopic,
      [naming.getLambdaSnsPermissionLogicalId(SUBSCRIBER, topicName)]: afterTopic,
    },
  };
};
