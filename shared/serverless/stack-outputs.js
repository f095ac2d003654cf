// The outputs of a deployed CloudFormation stack, read when deploying (compose-param.js,
// delivery-platform's container-image-tag.js). The client has no endpoint of its own, so
// AWS_ENDPOINT_URL points it at a stand-in as it does osls.
const { CloudFormationClient, DescribeStacksCommand } = require('@aws-sdk/client-cloudformation');

const cache = new Map();

/** `undefined` when the stack does not exist (or is being deleted), else its outputs by key. */
function stackOutputs(stackName, region) {
  const key = `${region}/${stackName}`;
  if (!cache.has(key)) cache.set(key, describe(stackName, region));
  return cache.get(key);
}

async function describe(stackName, region) {
  const client = new CloudFormationClient({ region });
  try {
    const { Stacks = [] } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = Stacks[0];
    if (!stack || stack.StackStatus === 'DELETE_COMPLETE') return undefined;
    return Object.fromEntries((stack.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
  } catch (error) {
    if (error?.name === 'ValidationError' && /does not exist/.test(error.message ?? '')) return undefined;
    throw error;
  } finally {
    client.destroy();
  }
}

module.exports = { stackOutputs };
