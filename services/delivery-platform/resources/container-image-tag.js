// The image tag of the ECS task definitions (param `containerImageTag`), decided when deploying
// so that nobody has to remember a first-deployment flag: `live` once both of the stage's
// repositories hold a `live` image (the container pipelines move it to each image they deploy),
// else `bootstrap`, which creates the services with no task and a scaling minimum of 0
// (ecs-services.js). A stage's first deploy, and every deploy before its first container release,
// is therefore a bootstrap; the first deploy after it brings the services to `ecsTasksMin`.
// Packaging without AWS (npm run package, verify, tests) uses `live`; `--param
// containerImageTag=…` still decides for itself.
const { ECRClient, paginateListImages } = require('@aws-sdk/client-ecr');
const { cliParams, isDeploying } = require('../../../shared/serverless/cli-command');
const { stackOutputs } = require('../../../shared/serverless/stack-outputs');

const REPOSITORY_OUTPUTS = ['FrontendRepositoryUri', 'BackendRepositoryUri'];

/** `runway-prod/frontend` from `<account>.dkr.ecr.<region>.amazonaws.com/runway-prod/frontend`. */
const repositoryName = (uri) => uri.slice(uri.indexOf('/') + 1);

async function hasLiveImage(client, repositoryName) {
  try {
    for await (const page of paginateListImages({ client }, { repositoryName, filter: { tagStatus: 'TAGGED' } })) {
      if ((page.imageIds ?? []).some((image) => image.imageTag === 'live')) return true;
    }
    return false;
  } catch (error) {
    if (error?.name === 'RepositoryNotFoundException') return false;
    throw new Error(
      `cannot tell whether ${repositoryName} holds a live image (ecr:ListImages): ${error.message ?? error}`,
    );
  }
}

/** `live` when every repository the stack declares holds a `live` image, else `bootstrap`. */
async function decideImageTag({ outputs, hasLive }) {
  if (!outputs) return 'bootstrap';
  for (const key of REPOSITORY_OUTPUTS) {
    if (!outputs[key] || !(await hasLive(repositoryName(outputs[key])))) return 'bootstrap';
  }
  return 'live';
}

module.exports = async ({ options, resolveVariable }) => {
  const given = cliParams(options).containerImageTag;
  if (given) return given;
  if (!isDeploying()) return 'live';
  // Not self:provider.region (`${opt:region, param:region}`): a param may not resolve through the params.
  const region = options?.region ?? (await resolveVariable('param:region'));
  const stackName = `${await resolveVariable('self:service')}-${await resolveVariable('sls:stage')}`;
  const client = new ECRClient({ region });
  try {
    return await decideImageTag({
      outputs: await stackOutputs(stackName, region),
      hasLive: (name) => hasLiveImage(client, name),
    });
  } finally {
    client.destroy();
  }
};
module.exports.decideImageTag = decideImageTag;
