import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { clientOptions } from '../aws/clients';
import { type ApproverDirectory, parseApproverDirectory } from './approver-directory';

/**
 * How long a function keeps the directory before reading the parameter again:
 * a change (a new deployment of the reviewed file) reaches every function
 * within this time, and a busy function reads SSM once per five minutes, not
 * per record or approver.
 */
export const DIRECTORY_MAX_AGE_SECONDS = 300;

/** Reads the approver directory from an SSM parameter: `() => directory`, cached with a maximum age. */
export type DirectorySource = () => Promise<ApproverDirectory>;

/**
 * The directory from the SSM parameter `name` (its JSON, as packaging wrote
 * it), through Powertools' cache. A parameter that does not parse as a
 * directory throws: nobody is asked and no approval is counted (fail closed).
 */
export function ssmDirectorySource(name: string): DirectorySource {
  const provider = new SSMProvider({ awsSdkV3Client: new SSMClient(clientOptions) });
  return async () => {
    const value = await provider.get(name, { maxAge: DIRECTORY_MAX_AGE_SECONDS, transform: 'json' });
    return parseApproverDirectory(value);
  };
}
