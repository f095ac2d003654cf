/**
 * Experiment: an esbuild alias for @aws-sdk/credential-provider-node that only reads the
 * environment, as Lambda provides credentials. Drops the SSO, STS, INI, process and IMDS
 * providers (and their nested clients) from the bundle. Not used by the deployed build:
 * it would break a local run with an AWS profile (see bench/RESULTS.md).
 */
export const defaultProvider = () => async () => {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('No AWS credentials in the environment');
  return { accessKeyId, secretAccessKey, sessionToken: process.env.AWS_SESSION_TOKEN };
};
