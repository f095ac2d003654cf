// Email subscriptions of the alerts topic (alerts.yml) and the delivery alarms topic
// (delivery/topics.yml) to the `alertsEmail` param; none where it is "none".
module.exports = async ({ resolveVariable }) => {
  const email = await resolveVariable('param:alertsEmail');
  if (!email || email === 'none') return {};
  const subscription = (topic) => ({
    Type: 'AWS::SNS::Subscription',
    Properties: { TopicArn: { Ref: topic }, Protocol: 'email', Endpoint: email },
  });
  return {
    Resources: {
      AlertsEmailSubscription: subscription('AlertsTopic'),
      DeliveryAlarmsEmailSubscription: subscription('DeliveryAlarmsTopic'),
    },
  };
};
