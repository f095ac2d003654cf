// The ECS cluster (ecs-cluster.yml) where the stage's `ecsCluster` param is true, nothing where it
// is false: the packaged template of a stage holds only what that stage creates. Its outputs are
// there either way (`none` without a cluster): compose passes them to pipeline-triggers, which
// then makes no container pipelines. The YAML is read
// with the framework's own CloudFormation schema (!Ref, !Sub, ...); the framework then resolves
// the variables (${param:...}, ${sls:stage}) in what this returns, as in any included file.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const parse = require('serverless/lib/utils/fs/parse');

const FILE = join(__dirname, 'ecs-cluster.yml');
const OUTPUTS = ['EcsClusterName', 'EcsTaskExecutionRoleArn', 'FrontendServiceName', 'BackendServiceName'];

module.exports = async ({ resolveVariable }) => {
  if (String(await resolveVariable('param:ecsCluster')) !== 'true')
    return { Outputs: Object.fromEntries(OUTPUTS.map((key) => [key, { Value: 'none' }])) };
  return parse(FILE, readFileSync(FILE, 'utf8'));
};
