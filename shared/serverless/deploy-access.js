// The names services/deploy-access creates for a stage, and that every other stack uses:
//   - permissionsBoundary: the managed policy every IAM role of Runway's stacks carries as its
//     permissions boundary (the CloudFormation execution role may create or change a role only
//     with it, so no stack can make a role that does more than the boundary lets it);
//   - deploymentRole: the role CloudFormation acts with when Runway's pipeline deploys
//     (provider.iam.deploymentRole, from CLOUDFORMATION_EXECUTION_ROLE_ARN), named here for the
//     pipeline's deploy role, which may pass only it.
// Usage: ${file(../../shared/serverless/deploy-access.js):permissionsBoundary}
module.exports = async ({ resolveVariable }) => {
  const stage = await resolveVariable('sls:stage');
  const region = await resolveVariable('self:provider.region');
  return {
    permissionsBoundaryName: `runway-${stage}-permissions-boundary`,
    permissionsBoundary: {
      'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/runway-${stage}-permissions-boundary`,
    },
    deploymentRoleName: `runway-${stage}-cloudformation-${region}`,
  };
};
