// Email subscriptions of the alerts topic (alerts.yml) and delivery-platform's delivery alarms
// topic (compose param deliveryAlarmsTopicArn) to the `alertsEmail` param; none where it is "none".
module.exports = async ({ resolveVariable }) => {
  const email = await resolveVariable('param:alertsEmail');
  if (!email || email === 'none') return {};
  const subscription = (topicArn) => ({
    Type: 'AWS::SNS::Subscription',
    Properties: { TopicArn: topicArn, Protocol: 'email', Endpoint: email },
  });
  return {
    Resources: {
      AlertsEmailSubscription: subscription({ Ref: 'AlertsTopic' }),
      DeliveryAlarmsEmailSubscription: subscription(await resolveVariable('param:deliveryAlarmsTopicArn')),
    },
  };
};
