/**
 * What the stand-in holds, asked through the same AWS APIs the framework uses (the runner's
 * process has AWS_ENDPOINT_URL pointing at the stand-in, as the rehearsed commands do).
 */
import { CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

export interface StackState {
  name: string;
  status: string;
  outputs: Record<string, string>;
}

const region = () => process.env.AWS_REGION ?? 'us-east-1';

export async function describeStack(name: string): Promise<StackState | undefined> {
  const client = new CloudFormationClient({ region: region() });
  try {
    const { Stacks = [] } = await client.send(new DescribeStacksCommand({ StackName: name }));
    const stack: Stack | undefined = Stacks[0];
    if (!stack || stack.StackStatus === 'DELETE_COMPLETE') return undefined;
    const outputs = Object.fromEntries(
      (stack.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']),
    );
    return { name, status: stack.StackStatus ?? 'UNKNOWN', outputs };
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) return undefined;
    throw error;
  } finally {
    client.destroy();
  }
}

export async function accountId(): Promise<string> {
  const client = new STSClient({ region: region() });
  try {
    return (await client.send(new GetCallerIdentityCommand({}))).Account ?? '';
  } finally {
    client.destroy();
  }
}
