// The public load balancer's listeners and security group. With a `certificateArn` (an ACM
// certificate of this region, for the name people use) the frontend answers HTTPS on 443 and the
// EC2 variant's production fleet on 8443, and 80 and 8080 only redirect to them; without one (a
// stage nobody outside uses), plain HTTP on 80 and 8080. The backend and QAT are on the internal
// load balancer (alb.yml).
// Production refuses to package without a certificate unless its params say `allowPlainHttp: true`:
// a forgotten certificate would otherwise put sign-ins and data on the internet in clear text.
// The plain HTTP listeners keep their logical ids in both modes (only their action changes), so
// adding a certificate to a running stage updates them in place: a new listener on a port that
// another one still holds would fail.
const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

function forward(targetGroup) {
  return [{ Type: 'forward', TargetGroupArn: { Ref: targetGroup } }];
}

function redirect(port) {
  return [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: String(port), StatusCode: 'HTTP_301' } }];
}

function listener(port, actions, certificateArn) {
  return {
    Type: 'AWS::ElasticLoadBalancingV2::Listener',
    Properties: {
      LoadBalancerArn: { Ref: 'LoadBalancer' },
      Port: port,
      DefaultActions: actions,
      ...(certificateArn
        ? { Protocol: 'HTTPS', Certificates: [{ CertificateArn: certificateArn }], SslPolicy: TLS_POLICY }
        : { Protocol: 'HTTP' }),
    },
  };
}

function ingress(ports, cidr) {
  return ports.map(({ port, description }) => ({
    IpProtocol: 'tcp',
    FromPort: port,
    ToPort: port,
    CidrIp: cidr,
    Description: description,
  }));
}

function publicLoadBalancer({ certificateArn, ingressCidr }) {
  const https = certificateArn !== 'none';
  const resources = https
    ? {
        FrontendHttpListener: listener(80, redirect(443)),
        FrontendHttpsListener: listener(443, forward('FrontendTargetGroup'), certificateArn),
        AmiProductionHttpListener: listener(8080, redirect(8443)),
        AmiProductionHttpsListener: listener(8443, forward('AmiProductionTargetGroup'), certificateArn),
      }
    : {
        FrontendHttpListener: listener(80, forward('FrontendTargetGroup')),
        AmiProductionHttpListener: listener(8080, forward('AmiProductionTargetGroup')),
      };
  const ports = [
    { port: 80, description: https ? 'Frontend, redirected to HTTPS' : 'Frontend' },
    { port: 8080, description: https ? 'EC2 variant, redirected to HTTPS' : 'EC2 variant production' },
    ...(https
      ? [
          { port: 443, description: 'Frontend' },
          { port: 8443, description: 'EC2 variant production' },
        ]
      : []),
  ];
  resources.LoadBalancerSecurityGroup = {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: 'Runway public load balancer',
      VpcId: { Ref: 'Vpc' },
      SecurityGroupIngress: ingress(ports, ingressCidr),
    },
  };
  const scheme = https ? 'https' : 'http';
  return {
    Resources: resources,
    Outputs: {
      LoadBalancerUrl: {
        Description: `Frontend URL (the EC2 variant's production fleet on :${https ? 8443 : 8080})`,
        Value: { 'Fn::Sub': `${scheme}://\${LoadBalancer.DNSName}` },
      },
    },
  };
}

/** The listener that forwards to the frontend's target group (what its ECS service waits for). */
const frontendListener = (certificateArn) =>
  certificateArn === 'none' ? 'FrontendHttpListener' : 'FrontendHttpsListener';

/** The certificate of the public listeners, or 'none' when the stage allows plain HTTP; throws otherwise. */
function certificateOf({ certificateArn, allowPlainHttp, stage }) {
  if (certificateArn !== 'none' || allowPlainHttp === true || allowPlainHttp === 'true') return certificateArn;
  throw new Error(
    `stage ${stage} has no certificateArn and does not allow plain HTTP. Request and validate an ACM ` +
      'certificate of the stage\'s region (DELIVERY.md, "The certificate") and give its ARN as ' +
      `\`certificateArn\` under params.${stage} in services/delivery-platform/serverless.yml (or ` +
      '--param="certificateArn=<arn>"), or set `allowPlainHttp: true` there for a stage nobody outside uses',
  );
}

module.exports = async ({ resolveVariable }) =>
  publicLoadBalancer({
    certificateArn: certificateOf({
      certificateArn: await resolveVariable('param:certificateArn'),
      allowPlainHttp: await resolveVariable('param:allowPlainHttp'),
      stage: await resolveVariable('sls:stage'),
    }),
    ingressCidr: await resolveVariable('param:albIngressCidr'),
  });
module.exports.frontendListener = frontendListener;
